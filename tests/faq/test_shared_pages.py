"""The shared anonymous copies of knowledge-base pages (faq.middleware.SharedPageMiddleware)."""

from unittest import mock

from faq import selectors
from faq.middleware import SharedPageWSGI
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


def _wsgi_get(app, path, **extra):
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "REMOTE_ADDR": "10.1.2.3",
        "wsgi.url_scheme": "http",
        **extra,
    }
    answer = {}
    body = b"".join(app(environ, lambda status, headers: answer.update(s=status, h=dict(headers))))
    return answer["s"], answer["h"], body


def test_under_wsgi_a_stored_copy_is_answered_before_django(client, demo_kb):
    stored = client.get("/en/articles/reset-password/")

    def django(environ, start_response):
        raise AssertionError("Django ran")

    status, headers, body = _wsgi_get(SharedPageWSGI(django), "/en/articles/reset-password/")

    assert status == "200 OK"
    assert body == stored.content
    assert headers["Content-Length"] == str(len(body))
    assert headers["X-Content-Type-Options"] == "nosniff"  # stored with the security headers
    assert headers["Content-Language"] == "en"


def test_under_wsgi_signed_in_visitors_and_other_pages_go_to_django(client, demo_kb):
    client.get("/en/articles/reset-password/")
    seen = []

    def django(environ, start_response):
        seen.append(environ["PATH_INFO"])
        start_response("200 OK", [])
        return [b"from django"]

    app = SharedPageWSGI(django)
    _wsgi_get(app, "/en/articles/reset-password/", HTTP_COOKIE="sessionid=abc")
    _wsgi_get(app, "/en/search/")
    _wsgi_get(app, "/en/articles/not-stored-yet/")

    assert seen == ["/en/articles/reset-password/", "/en/search/", "/en/articles/not-stored-yet/"]
