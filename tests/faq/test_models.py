import pytest
from django.db import IntegrityError

from faq.models import Article, Category, Vote
from tests.faq.factories import ArticleFactory, CategoryFactory


@pytest.mark.django_db
def test_a_visitor_can_hold_only_one_vote_per_article():
    article = ArticleFactory()
    Vote.objects.create(article=article, visitor_key="v:1", helpful=True, language="en")

    with pytest.raises(IntegrityError):
        Vote.objects.create(article=article, visitor_key="v:1", helpful=False, language="en")


@pytest.mark.django_db
def test_an_article_needs_a_title_in_both_languages():
    category = CategoryFactory()

    with pytest.raises(IntegrityError):
        Article.objects.create(
            category=category, slug="x", title_zh_hans="", title_en="T", body_en="b"
        )


@pytest.mark.django_db
def test_a_category_needs_a_name_in_both_languages():
    with pytest.raises(IntegrityError):
        Category.objects.create(slug="x", name_zh_hans="名字", name_en="")


@pytest.mark.django_db
def test_the_status_column_accepts_only_known_statuses():
    article = ArticleFactory()

    with pytest.raises(IntegrityError):
        Article.objects.filter(pk=article.pk).update(status="archived")


@pytest.mark.django_db
def test_saving_an_article_stores_its_rendered_bodies():
    article = ArticleFactory(body_en="**bold**", body_zh_hans="*斜体*")

    assert article.body_html_en == "<p><strong>bold</strong></p>\n"
    assert article.body_html_zh_hans == "<p><em>斜体</em></p>\n"


@pytest.mark.django_db
def test_publishing_stamps_the_first_publication_date():
    draft = ArticleFactory(status=Article.Status.DRAFT)
    published = ArticleFactory()

    assert draft.published_at is None
    assert published.published_at is not None


@pytest.mark.django_db
def test_demo_content_has_three_articles_in_each_of_the_ten_topics(demo_kb):
    counts = [c.articles.filter(status="published").count() for c in Category.objects.all()]

    assert len(counts) == 10
    assert min(counts) >= 3
