"""The shared anonymous copies of knowledge-base pages (faq.middleware.SharedPageMiddleware)."""

from unittest import mock

from faq import selectors
from tests.faq.factories import ArticleFactory


def test_a_shared_copy_keeps_the_headers_of_the_page_it_was_made_from(client, demo_kb):
    first = client.get("/en/articles/reset-password/")
    view_ran = AssertionError("the view ran")
    with mock.patch.object(selectors, "article_get_published", side_effect=view_ran):
        again = client.get("/en/articles/reset-password/")

    assert again.status_code == 200
    assert again.content == first.content
    for header in ("Content-Type", "Content-Language", "X-Frame-Options", "Referrer-Policy"):
        assert again[header] == first[header], header
    assert again["X-Content-Type-Options"] == "nosniff"


def test_query_strings_share_the_page_copy(client, demo_kb):
    first = client.get("/en/articles/reset-password/")
    tracked = client.get("/en/articles/reset-password/?utm_source=newsletter")

    assert tracked.content == first.content


def test_each_path_has_its_own_copy(client, demo_kb):
    english = client.get("/en/").content.decode()
    chinese = client.get("/zh-hans/").content.decode()
    category = client.get("/en/categories/withdrawal/").content.decode()

    assert 'lang="en"' in english
    assert 'lang="zh-hans"' in chinese
    assert category != english


def test_a_missing_article_is_not_stored_and_appears_once_published(client, db):
    assert client.get("/en/articles/new-fees/").status_code == 404
    ArticleFactory(slug="new-fees", title_en="New fees")

    page = client.get("/en/articles/new-fees/")

    assert page.status_code == 200
    assert "New fees" in page.content.decode()
