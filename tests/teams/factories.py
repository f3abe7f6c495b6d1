"""Team factories."""

import factory

from teams.models import Team


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        skip_postgeneration_save = True

    name_en = factory.Sequence(lambda n: f"Team {n}")
    name_zh_hans = factory.Sequence(lambda n: f"小组{n}")
    language = Team.Language.ANY

    @factory.post_generation
    def members(self, create: bool, extracted, **kwargs) -> None:
        if create and extracted:
            self.members.set(extracted)

    @factory.post_generation
    def topics(self, create: bool, extracted, **kwargs) -> None:
        if create and extracted:
            self.topics.set(extracted)
