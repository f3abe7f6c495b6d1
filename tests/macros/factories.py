import factory

from macros.models import Macro, Tag


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag

    name_en = factory.Sequence(lambda n: f"Tag {n}")
    name_zh_hans = factory.Sequence(lambda n: f"标签{n}")
    colour = Tag.Colour.BLUE


class MacroFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Macro

    title_en = factory.Sequence(lambda n: f"Macro {n}")
    title_zh_hans = factory.Sequence(lambda n: f"宏{n}")
    scope = Macro.Scope.BOTH
    body_en = ""
    body_zh_hans = ""

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(extracted)
