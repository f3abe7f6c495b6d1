"""Knowledge-base factories. Articles are saved through the service, as the admin does, so
they are rendered and indexed like real ones."""

import factory

from faq import services
from faq.models import Article, Category


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"topic-{n}")
    name_zh_hans = factory.Sequence(lambda n: f"主题{n}")
    name_en = factory.Sequence(lambda n: f"Topic {n}")
    description_zh_hans = "主题说明"
    description_en = "About this topic"
    icon = Category.Icon.KEY


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    category = factory.SubFactory(CategoryFactory)
    slug = factory.Sequence(lambda n: f"article-{n}")
    title_zh_hans = factory.Sequence(lambda n: f"文章标题{n}")
    title_en = factory.Sequence(lambda n: f"Article title {n}")
    body_zh_hans = "这是一篇帮助文章的正文。"
    body_en = "This is the body of a help article."
    status = Article.Status.PUBLISHED

    @classmethod
    def _create(cls, model_class: type[Article], *args, **kwargs) -> Article:
        return services.article_save(article=model_class(*args, **kwargs))
