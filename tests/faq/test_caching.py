"""Cached pages stay correct after edits; view counts are batched through the cache."""

import pytest
from django.test import Client

from faq import tasks
from faq.models import Article
from tests.faq.factories import ArticleFactory, CategoryFactory
from tests.waiting import wait_until


def article_form(article: Article, **changes: str) -> dict[str, str]:
    """The admin change form of ``article`` as a browser would post it."""
    data = {
        "category": str(article.category_id),
        "slug": article.slug,
        "status": article.status,
        "position": str(article.position),
        "_save": "Save",
    }
    for language in ("zh_hans", "en"):
        for field in ("title", "summary", "keywords", "body"):
            name = f"{field}_{language}"
            data[name] = getattr(article, name)
    return {**data, **changes}


@pytest.fixture
def admin_client(supervisor) -> Client:
    client = Client()
    client.force_login(supervisor)
    return client


def test_an_admin_edit_shows_on_the_cached_page_at_once(
    client, admin_client, db, django_capture_on_commit_callbacks
):
    article = ArticleFactory(slug="fees", title_en="Old title")
    assert "Old title" in client.get("/en/articles/fees/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            f"/admin/faq/article/{article.pk}/change/", article_form(article, title_en="New title")
        )

    assert response.status_code == 302
    page = client.get("/en/articles/fees/").content.decode()
    assert "New title" in page
    assert "Old title" not in page


def test_an_admin_edit_refreshes_the_category_page_too(
    client, admin_client, db, django_capture_on_commit_callbacks
):
    category = CategoryFactory(slug="withdrawal")
    article = ArticleFactory(category=category, title_en="Old title")
    assert "Old title" in client.get("/en/categories/withdrawal/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            f"/admin/faq/article/{article.pk}/change/", article_form(article, title_en="New title")
        )

    assert "New title" in client.get("/en/categories/withdrawal/").content.decode()


def test_unpublishing_in_the_admin_takes_the_cached_page_down(
    client, admin_client, db, django_capture_on_commit_callbacks
):
    article = ArticleFactory(slug="fees")
    assert client.get("/en/articles/fees/").status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            "/admin/faq/article/",
            {"action": "unpublish", "_selected_action": [str(article.pk)]},
        )

    assert client.get("/en/articles/fees/").status_code == 404


def test_deleting_in_the_admin_takes_the_cached_page_down(
    client, admin_client, db, django_capture_on_commit_callbacks
):
    article = ArticleFactory(slug="fees")
    assert client.get("/en/articles/fees/").status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(f"/admin/faq/article/{article.pk}/delete/", {"post": "yes"})

    assert client.get("/en/articles/fees/").status_code == 404


def test_each_language_has_its_own_cached_copy(client, db):
    ArticleFactory(slug="fees", title_en="Fees", title_zh_hans="手续费")
    client.get("/en/articles/fees/")

    assert "<h1>手续费</h1>" in client.get("/zh-hans/articles/fees/").content.decode()


def test_views_are_not_written_to_the_database_per_request(client, db, django_assert_num_queries):
    article = ArticleFactory(slug="fees")
    client.get("/en/articles/fees/", REMOTE_ADDR="10.0.0.1")

    with django_assert_num_queries(0):
        client.get("/en/articles/fees/", REMOTE_ADDR="10.0.0.2")

    article.refresh_from_db()
    assert article.view_count == 0


def test_the_flush_task_moves_counted_views_into_the_database(client, db):
    article = ArticleFactory(slug="fees")
    for address in ("10.0.0.1", "10.0.0.2", "10.0.0.3"):
        client.get("/en/articles/fees/", REMOTE_ADDR=address)

    assert tasks.flush_view_counts() == 3

    article.refresh_from_db()
    assert article.view_count == 3


def test_repeated_views_from_one_visitor_count_once(client, db):
    article = ArticleFactory(slug="fees")
    for _ in range(5):
        client.get("/en/articles/fees/", REMOTE_ADDR="10.0.0.1")
    client.get("/zh-hans/articles/fees/", REMOTE_ADDR="10.0.0.1")

    tasks.flush_view_counts()

    article.refresh_from_db()
    assert article.view_count == 1


def test_behind_a_trusted_proxy_each_client_counts_once(client, db, settings):
    settings.TRUSTED_PROXIES = 1
    article = ArticleFactory(slug="fees")
    for address in ("203.0.113.1", "203.0.113.2", "203.0.113.1"):
        client.get("/en/articles/fees/", REMOTE_ADDR="172.18.0.5", HTTP_X_FORWARDED_FOR=address)

    tasks.flush_view_counts()

    article.refresh_from_db()
    assert article.view_count == 2


def test_views_are_not_counted_twice_by_consecutive_flushes(client, db):
    article = ArticleFactory(slug="fees")
    client.get("/en/articles/fees/", REMOTE_ADDR="10.0.0.1")
    tasks.flush_view_counts()
    client.get("/en/articles/fees/", REMOTE_ADDR="10.0.0.2")

    tasks.flush_view_counts()

    article.refresh_from_db()
    assert article.view_count == 2


def test_signed_in_visitors_views_are_counted_too(client, db, customer):
    article = ArticleFactory(slug="fees")
    client.force_login(customer)
    client.get("/en/articles/fees/")

    tasks.flush_view_counts()

    article.refresh_from_db()
    assert article.view_count == 1


def test_a_celery_worker_flushes_view_counts(client, celery_worker):
    article = ArticleFactory(slug="fees")
    client.get("/en/articles/fees/", REMOTE_ADDR="10.0.0.1")

    tasks.flush_view_counts.delay()

    wait_until(
        lambda: Article.objects.get(pk=article.pk).view_count == 1,
        timeout=20,
        what="the worker to flush the view count",
    )
