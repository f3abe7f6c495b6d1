"""helpcenter.person_wsgi: a signed-in page answered from its copy before Django runs is the
answer Django gives to the same request (body and headers), and only requests Django would
answer the same way are answered so."""

import re
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client

from core import person_pages
from faq import caching
from helpcenter.person_wsgi import PersonPageWSGI
from tests.factories import UserFactory, staff_user
from tests.faq.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db

SECRET = "abcdefghijklmnopqrstuvwxyzABCDEF"  # a CSRF cookie, as a browser keeps it
TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value=")([^"]+)(")')
EXPIRES = re.compile(r"expires=[^;]+;")
PAGES = {
    "article en": "/en/articles/payment-failed/",
    "article zh-hans": "/zh-hans/articles/payment-failed/",
    "form en": "/en/requests/new/",
    "form zh-hans": "/zh-hans/requests/new/",
}


@pytest.fixture(autouse=True)
def redis_sessions(settings, redis_url):
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.ReusingRedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "test-person-wsgi",
        }
    }
    settings.SESSION_ENGINE = "accounts.sessions"
    settings.PERSON_PAGE_COPIES = True
    from django.core.cache import cache

    cache.clear()
    caching._redis.cache_clear()  # the knowledge base's Redis, memoized per process
    person_pages.forget_copies()
    # Django's handler would close the test's transaction between requests (the test client
    # does the same).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
    person_pages.forget_copies()
    caching._redis.cache_clear()


@pytest.fixture
def article(db):
    category = CategoryFactory(slug="payments", name_en="Payments")
    return ArticleFactory(category=category, slug="payment-failed", title_en="Payment failed")


class Django:
    """Django's WSGI handler, counting the requests it answers."""

    def __init__(self) -> None:
        self.handler = WSGIHandler()
        self.calls = 0

    def __call__(self, environ, start_response):
        self.calls += 1
        return self.handler(environ, start_response)


def _session(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[django_settings.SESSION_COOKIE_NAME].value


def _get(app, path: str, cookie: str, **extra) -> tuple[str, list, bytes]:
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SCRIPT_NAME": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "testserver",
        "HTTP_COOKIE": cookie,
        "HTTP_USER_AGENT": "test",
        "REMOTE_ADDR": "10.1.2.3",
        "wsgi.url_scheme": "http",
        "wsgi.input": __import__("io").BytesIO(b""),
        **extra,
    }
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer.update(status=status, headers=headers)

    body = app(environ, start_response)
    content = b"".join(body)
    if hasattr(body, "close"):
        body.close()
    return answer["status"], answer["headers"], content


def _cookie(session: str, secret: str = SECRET) -> str:
    return f"csrftoken={secret}; sessionid={session}"


def _warm(app, path: str, cookie: str) -> None:
    # The first request remembers whose session it is, the next one makes the copy's headers.
    for _ in range(2):
        assert _get(app, path, cookie)[0] == "200 OK"


def _comparable(answer) -> tuple:
    status, headers, body = answer
    tokens = TOKEN.findall(body.decode())
    for _, token, _ in tokens:
        assert _unmask_cipher_token(token) == SECRET
    headers = [(name, EXPIRES.sub("expires=…;", value)) for name, value in headers]
    return status, headers, TOKEN.sub(r"\1TOKEN\3", body.decode())


@pytest.mark.parametrize("page", list(PAGES))
@pytest.mark.parametrize("who", ["customer", "agent"])
def test_a_page_from_the_copy_equals_djangos_answer_to_the_same_request(article, page, who):
    if who == "customer":
        user = UserFactory(first_name="Wei", last_name="Li", email="wei@example.com")
    else:
        user = staff_user("agent", first_name="Lina")
    django = Django()
    app = PersonPageWSGI(django)
    cookie = _cookie(_session(user))
    _warm(app, PAGES[page], cookie)
    calls = django.calls

    from_copy = _get(app, PAGES[page], cookie)
    assert django.calls == calls  # answered before Django
    by_django = _get(django, PAGES[page], cookie)

    assert _comparable(from_copy) == _comparable(by_django)
    assert "\x00" not in from_copy[2].decode()


def test_over_https_the_copy_carries_djangos_https_headers(article, settings):
    settings.SECURE_HSTS_SECONDS = 3600
    django = Django()
    app = PersonPageWSGI(django)
    cookie = _cookie(_session(UserFactory()))
    https = {"wsgi.url_scheme": "https", "SERVER_PORT": "443"}
    _warm(app, PAGES["form en"], cookie)  # headers kept for plain HTTP only
    _get(app, PAGES["form en"], cookie, **https)
    calls = django.calls

    from_copy = _get(app, PAGES["form en"], cookie, **https)
    assert django.calls == calls
    by_django = _get(django, PAGES["form en"], cookie, **https)

    assert _comparable(from_copy) == _comparable(by_django)
    assert ("Strict-Transport-Security", "max-age=3600") in from_copy[1]


def test_the_csrf_cookie_is_renewed_and_the_token_is_new_every_time(article):
    app = PersonPageWSGI(Django())
    cookie = _cookie(_session(UserFactory()))
    _warm(app, PAGES["form en"], cookie)

    first, second = _get(app, PAGES["form en"], cookie), _get(app, PAGES["form en"], cookie)

    set_cookie = [value for name, value in first[1] if name == "Set-Cookie"]
    assert len(set_cookie) == 1
    assert set_cookie[0].startswith(f" csrftoken={SECRET};")
    assert "Max-Age=31449600" in set_cookie[0]
    assert TOKEN.search(first[2].decode())[2] != TOKEN.search(second[2].decode())[2]


def test_each_customer_gets_their_own_name_and_email_escaped(article):
    django = Django()
    app = PersonPageWSGI(django)
    wei = _cookie(_session(UserFactory(first_name="Wei", last_name="Li", email="wei@x.com")))
    mei = _cookie(_session(UserFactory(first_name="<b>Mei", last_name="Chen</b>", email="m@x.com")))
    _warm(app, PAGES["form en"], wei)
    _get(app, PAGES["form en"], mei)  # remembers whose session it is
    calls = django.calls

    wei_page = _get(app, PAGES["form en"], wei)[2].decode()
    mei_page = _get(app, PAGES["form en"], mei)[2].decode()

    assert django.calls == calls
    assert 'value="Wei Li"' in wei_page
    assert "wei@x.com" in wei_page
    assert 'value="&lt;b&gt;Mei Chen&lt;/b&gt;"' in mei_page
    assert "m@x.com" in mei_page
    assert "Wei Li" not in mei_page


@pytest.mark.parametrize(
    "change",
    [
        "no csrf cookie",
        "a masked csrf cookie",
        "flash messages cookie",
        "query string",
        "another host",
        "deactivated",
        "new password",
    ],
)
def test_requests_django_must_decide_go_to_django(article, change):
    user = UserFactory()
    django = Django()
    app = PersonPageWSGI(django)
    cookie = _cookie(_session(user))
    _warm(app, PAGES["form en"], cookie)
    extra = {}
    if change == "no csrf cookie":
        cookie = cookie.split("; ", 1)[1]
    elif change == "a masked csrf cookie":
        cookie = _cookie(cookie.split("sessionid=")[1], secret=SECRET * 2)
    elif change == "flash messages cookie":
        cookie += "; messages=x"
    elif change == "query string":
        extra["QUERY_STRING"] = "topic=nothing"
    elif change == "another host":
        extra["HTTP_HOST"] = "evil.example"
    elif change == "deactivated":
        user.is_active = False
        user.save()
    else:
        user.set_password("a-new-password-2026")
        user.save()
    calls = django.calls

    _get(app, PAGES["form en"], cookie, **extra)

    assert django.calls == calls + 1


def test_flash_messages_in_the_session_go_to_django(article):
    client = Client()
    client.force_login(UserFactory())
    session = client.session
    session["_messages"] = "[]"
    session.save()
    django = Django()
    app = PersonPageWSGI(django)
    cookie = _cookie(client.cookies[django_settings.SESSION_COOKIE_NAME].value)
    _warm(app, PAGES["form en"], cookie)
    calls = django.calls

    _get(app, PAGES["form en"], cookie)

    assert django.calls == calls + 1


def test_an_article_edit_shows_at_once(article):
    app = PersonPageWSGI(Django())
    cookie = _cookie(_session(UserFactory()))
    _warm(app, PAGES["article en"], cookie)
    article.title_en = "Payment failed: what to check"
    article.save()
    caching.bump_generation()

    page = _get(app, PAGES["article en"], cookie)[2].decode()

    assert "Payment failed: what to check" in page


def test_a_view_from_the_copy_is_counted_once_a_day(article):
    django = Django()
    app = PersonPageWSGI(django)
    cookie = _cookie(_session(UserFactory()))
    _warm(app, PAGES["article en"], cookie)
    calls = django.calls

    _get(app, PAGES["article en"], cookie, REMOTE_ADDR="10.9.9.9")
    _get(app, PAGES["article en"], cookie, REMOTE_ADDR="10.9.9.9")

    assert django.calls == calls
    assert caching.take_view_counts([article.pk]) == {article.pk: 2}


def test_a_shortcut_that_fails_leaves_the_request_to_django(article):
    django = Django()
    app = PersonPageWSGI(django)
    cookie = _cookie(_session(UserFactory()))
    _warm(app, PAGES["article en"], cookie)
    calls = django.calls

    with mock.patch.object(caching, "count_view", side_effect=ConnectionError("redis gone")):
        status, _, body = _get(app, PAGES["article en"], cookie, REMOTE_ADDR="10.7.7.7")

    assert django.calls == calls + 1
    assert status == "200 OK"
    assert b"Payment failed" in body
