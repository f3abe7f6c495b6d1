"""api.create_shortcut: a new request opened through the API before Django builds a request is
answered as Django answers it (status, headers and body), is done once and counted once, and
only requests whose way to the view Django's middleware leaves unchanged are taken."""

import io
import json
import re
from typing import Any

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from accounts.services import wallet_customer_sign_in
from api.create_shortcut import ApiCreateWSGI
from api.models import IdempotentRequest
from tickets.models import Ticket

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_open_rate_limits")]

WALLET_USER = "w-shortcut"


@pytest.fixture(autouse=True)
def _shortcut(settings):
    settings.API_CREATE_SHORTCUT = True
    # Django's handler (and the shortcut, which sends the same signals) would close the test's
    # transaction between requests; the test client does the same.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


class Django:
    """Django's WSGI handler, counting the requests it answers."""

    def __init__(self) -> None:
        self.handler = WSGIHandler()
        self.calls = 0

    def __call__(self, environ, start_response):
        self.calls += 1
        return self.handler(environ, start_response)


@pytest.fixture
def django_app() -> Django:
    return Django()


@pytest.fixture
def app(django_app) -> ApiCreateWSGI:
    return ApiCreateWSGI(django_app)


@pytest.fixture
def key(make_key) -> str:
    wallet_customer_sign_in(
        wallet_user_id=WALLET_USER, email="mei.lin@example.com", name="Mei Lin", language="en"
    )
    return make_key("tickets:customer")


def _body(topic_row, **changes: Any) -> dict[str, Any]:
    return {
        "topic": topic_row.pk,
        "subject": "Top-up not credited",
        "description": "I topped up 200 yuan from my bank card an hour ago and see nothing.",
        "transaction_number": "TXN-2026-0042",
        "error_message": "E1001",
        **changes,
    }


def _post(app, key: str, body: Any, *, idempotency: str | None = None, **extra: str):
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/api/v1/tickets",
        "QUERY_STRING": "",
        "SCRIPT_NAME": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "testserver",
        "REMOTE_ADDR": "10.1.2.3",
        "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": str(len(raw)),
        "HTTP_AUTHORIZATION": f"Bearer {key}",
        "HTTP_X_WALLET_USER_ID": WALLET_USER,
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(raw),
        **extra,
    }
    if idempotency is not None:
        environ["HTTP_IDEMPOTENCY_KEY"] = idempotency
    answer: dict[str, Any] = {}

    def start_response(status, headers, exc_info=None):
        answer.update(status=status, headers=headers)

    chunks = app(environ, start_response)
    content = b"".join(chunks)
    if hasattr(chunks, "close"):
        chunks.close()
    return answer["status"], answer["headers"], content


def _same_request(content: bytes) -> Any:
    """The answer with what differs from one new request to the next (reference, ids, times)
    left out."""

    def clean(value: Any) -> Any:
        if isinstance(value, dict):
            return {
                k: clean(v)
                for k, v in value.items()
                if k not in {"reference", "id"} and not k.endswith("_at")
            }
        if isinstance(value, list):
            return [clean(v) for v in value]
        return value

    return clean(json.loads(content))


def _plain(settings, app, key, body, **kwargs):
    settings.API_CREATE_SHORTCUT = False
    try:
        return _post(app, key, body, **kwargs)
    finally:
        settings.API_CREATE_SHORTCUT = True


def _without_length(headers: list) -> list:
    return [(n, v) for n, v in headers if n != "Content-Length"]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_new_request_is_answered_as_django_answers_it(
    settings, app, django_app, key, topic, language
):
    lang = {"HTTP_ACCEPT_LANGUAGE": language}
    first = _post(app, key, _body(topic), idempotency=f"first-{language}", **lang)
    assert first[0] == "201 Created"
    assert django_app.calls == 1  # Django answers the first, and its headers are kept

    second = _post(app, key, _body(topic), idempotency=f"second-{language}", **lang)
    assert django_app.calls == 1  # answered before Django
    plain = _plain(settings, app, key, _body(topic), idempotency=f"plain-{language}", **lang)
    assert django_app.calls == 2

    status, headers, content = second
    assert status == plain[0] == "201 Created"
    assert _without_length(headers) == _without_length(plain[1])
    assert ("Content-Length", str(len(content))) in headers
    assert ("Content-Language", language) in headers
    assert _same_request(content) == _same_request(plain[2])
    made = json.loads(content)
    ticket = Ticket.objects.get(reference=made["reference"])
    assert ticket.source == Ticket.Source.API
    assert ticket.language == language
    assert ticket.customer.email == "mei.lin@example.com"
    # The key's record holds exactly what was sent, for a retry.
    record = IdempotentRequest.objects.get(key=f"second-{language}")
    assert record.response_body.encode() == content
    assert Ticket.objects.count() == 3


def test_without_an_idempotency_key_too(settings, app, django_app, key, topic):
    _post(app, key, _body(topic))
    status, headers, content = _post(app, key, _body(topic))
    plain = _plain(settings, app, key, _body(topic))
    assert django_app.calls == 2
    assert (status, _without_length(headers)) == (plain[0], _without_length(plain[1]))
    assert _same_request(content) == _same_request(plain[2])
    assert Ticket.objects.count() == 3


def test_a_retry_is_replayed_by_django_with_the_first_answer(settings, app, django_app, key, topic):
    _post(app, key, _body(topic), idempotency="warm")
    first = _post(app, key, _body(topic), idempotency="retry-me")
    calls = django_app.calls
    retry = _post(app, key, _body(topic), idempotency="retry-me")
    assert django_app.calls == calls + 1  # the shortcut did the work, Django wrote the answer
    assert retry[0] == "201 Created"
    assert ("Idempotent-Replayed", "true") in retry[1]
    assert retry[2] == first[2]
    plain_retry = _plain(settings, app, key, _body(topic), idempotency="retry-me")
    assert (retry[0], retry[1], retry[2]) == plain_retry
    assert Ticket.objects.count() == 2


def test_a_key_used_for_another_request_is_refused_as_django_refuses_it(settings, app, key, topic):
    _post(app, key, _body(topic), idempotency="warm")
    _post(app, key, _body(topic), idempotency="taken")
    other = _body(topic, subject="Withdrawal missing")
    refused = _post(app, key, other, idempotency="taken")
    plain = _plain(settings, app, key, other, idempotency="taken")
    assert refused[0].startswith("422 ")
    assert refused == plain
    assert json.loads(refused[2])["type"] == "urn:helpcenter:problem:idempotency_mismatch"
    assert Ticket.objects.count() == 2


@pytest.mark.usefixtures("_frozen_early_in_an_hour")
def test_limits_are_counted_once_and_refused_as_django_refuses(settings, app, key, topic):
    settings.TICKETS_RATE_CREATE_EMAIL = "3/h"
    statuses = [_post(app, key, _body(topic), idempotency=f"n{i}")[0] for i in range(3)]
    assert statuses == ["201 Created"] * 3  # counted once each, or the third would be refused
    refused = _post(app, key, _body(topic), idempotency="n3")
    plain = _plain(settings, app, key, _body(topic), idempotency="n4")
    assert refused[0].startswith("429 ")
    assert any(name == "Retry-After" for name, _ in refused[1])
    assert (refused[0], _without_length(refused[1])) == (plain[0], _without_length(plain[1]))
    assert refused[2] == plain[2]
    assert Ticket.objects.count() == 3


HANDED_TO_DJANGO = {
    "invalid body": ({"subject": "Hi"}, {}),
    "unknown topic": ({"topic": 999999}, {}),
    "a topic that is not a number": ({"topic": "3"}, {}),
    "not JSON": (b"{not json", {}),
    "a key that is not valid": ({}, {"HTTP_AUTHORIZATION": "Bearer hck_nope_not-a-key"}),
    "no wallet user": ({}, {"HTTP_X_WALLET_USER_ID": ""}),
    "an unknown wallet user": ({}, {"HTTP_X_WALLET_USER_ID": "w-nobody"}),
    "a cookie": ({}, {"HTTP_COOKIE": "sessionid=abc"}),
    "another Accept": ({}, {"HTTP_ACCEPT": "application/json; indent=4"}),
    "a query string": ({}, {"QUERY_STRING": "x=1"}),
    "another content type": ({}, {"CONTENT_TYPE": "text/plain"}),
    "a host not allowed": ({}, {"HTTP_HOST": "evil.example"}),
}


@pytest.mark.parametrize("case", HANDED_TO_DJANGO)
def test_requests_the_view_would_not_take_plainly_go_to_django_untouched(
    settings, app, django_app, key, topic, case
):
    _post(app, key, _body(topic), idempotency="warm")
    django_app.calls = 0
    changes, extra = HANDED_TO_DJANGO[case]
    body = changes if isinstance(changes, bytes) else _body(topic, **changes)
    answer = _post(app, key, body, idempotency=f"case-{case}", **extra)
    assert django_app.calls == 1
    plain = _plain(settings, app, key, body, idempotency=f"plain-{case}", **extra)
    assert answer[0] == plain[0]
    assert _comparable(answer[1]) == _comparable(plain[1])
    if answer[0].startswith("201 "):
        assert _same_request(answer[2]) == _same_request(plain[2])
    else:
        assert answer[2] == plain[2]


def _comparable(headers: list) -> list:
    """Headers but the length and a cookie's expiry date (a second apart)."""
    return [(n, re.sub(r"expires=[^;]+;", "", v)) for n, v in headers if n != "Content-Length"]


@pytest.mark.usefixtures("_early_in_an_hour")
def test_an_invalid_body_counts_nothing_twice(settings, app, key, topic):
    settings.API_RATE_PER_KEY = "2/h"
    assert _post(app, key, {"subject": "Hi"}, idempotency="bad")[0].startswith("400 ")
    assert _post(app, key, _body(topic), idempotency="good")[0] == "201 Created"
    assert _post(app, key, _body(topic), idempotency="over")[0].startswith("429 ")


def test_off_leaves_every_request_to_django(settings, app, django_app, key, topic):
    settings.API_CREATE_SHORTCUT = False
    for n in range(3):
        assert _post(app, key, _body(topic), idempotency=f"off-{n}")[0] == "201 Created"
    assert django_app.calls == 3
