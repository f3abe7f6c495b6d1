"""The API create's shortcuts (docs/api.md, Speed), each held equal to the plain way it replaces:
the common JSON body validated without the serializer's fields, the idempotent answer stored by
one prepared UPDATE and rendered once, and the new request's empty attachments."""

import json
from unittest import mock

import pytest
from django.db.models.sql.compiler import SQLCompiler
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer

from api.idempotency import json_body
from api.models import IdempotentRequest
from api.present import ticket_out
from api.serializers.tickets import TicketCreateIn, ticket_create_in_fast, ticket_create_valid
from api.services import idempotency
from tests.api.conftest import bearer
from tickets import selectors, services

VALID = {
    "topic": 7,
    "subject": "Payment failed at checkout",
    "description": "The payment failed with error E1001 although my balance is enough.",
}


def plain(data):
    """The serializer's answer: its validated data, or its errors."""
    serializer = TicketCreateIn(data=data)
    if serializer.is_valid():
        return serializer.validated_data
    return {"errors": serializer.errors}


@pytest.mark.parametrize(
    "data",
    [
        VALID,
        VALID | {"transaction_number": "TXN-2026-1", "error_message": "E1001"},
        VALID | {"subject": "  Padded subject  ", "error_message": " E1001 "},
        VALID | {"details": {"card_last4": "1234", "bank": " ICBC "}},
        VALID | {"details": {}, "unknown": "ignored"},
        VALID
        | {
            "subject": "余额不足无法付款",
            "description": "付款时提示错误，但我的余额足够支付这笔订单。",
        },
    ],
)
def test_a_common_create_is_validated_as_the_serializer_validates_it(data):
    fast = ticket_create_in_fast(data)

    assert fast is not None
    assert fast == plain(data)


@pytest.mark.parametrize(
    "data",
    [
        VALID | {"topic": "7"},  # the serializer accepts it; the fast path leaves it to it
        VALID | {"topic": True},
        VALID | {"topic": 2**70},
        VALID | {"subject": "abc"},
        VALID | {"subject": "   "},
        VALID | {"subject": 12345},
        VALID | {"subject": "x" * 201},
        VALID | {"description": "nul\x00 in the text, long enough"},
        VALID | {"description": "a lone surrogate \ud800 in a long text"},
        VALID | {"transaction_number": "no spaces allowed"},
        VALID | {"transaction_number": ""},
        VALID | {"transaction_number": None},
        VALID | {"error_message": ""},
        VALID | {"details": {"bank": ""}},
        VALID | {"details": {"bank": 5}},
        VALID | {"details": ["bank"]},
        VALID | {"attachments": []},
        {"subject": VALID["subject"], "description": VALID["description"]},
        [VALID],
    ],
)
def test_anything_else_is_left_to_the_serializer(data):
    assert ticket_create_in_fast(data) is None


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_errors_are_the_serializers_own_in_every_language(language):
    data = VALID | {"subject": "abc", "transaction_number": "bad number"}

    with translation.override(language):
        with pytest.raises(ValidationError) as raised:
            ticket_create_valid(data)

        assert raised.value.detail == plain(data)["errors"]


texts = st.one_of(
    st.text(max_size=12),
    st.text(alphabet="ab -\x00\u3000", min_size=0, max_size=30),
    st.sampled_from(["TXN-2026-1", "E1001", "   ", "", "Payment failed", "x" * 201]),
    st.integers(),
    st.none(),
    st.booleans(),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.fixed_dictionaries(
        {
            "topic": st.one_of(st.integers(), st.text(max_size=3), st.booleans()),
            "subject": texts,
            "description": st.one_of(texts, st.just(VALID["description"])),
        },
        optional={
            "transaction_number": texts,
            "error_message": texts,
            "details": st.one_of(st.dictionaries(st.text(max_size=5), texts, max_size=3), texts),
        },
    )
)
def test_the_fast_path_never_differs_from_the_serializer(data):
    fast = ticket_create_in_fast(data)

    assert fast is None or fast == plain(data)


@pytest.mark.django_db
def test_the_prepared_update_stores_what_the_orm_update_stores():
    one = IdempotentRequest.objects.create(credential="key:1", key="a", request_hash="h" * 64)
    two = IdempotentRequest.objects.create(credential="key:1", key="b", request_hash="h" * 64)
    body = json.dumps({"reference": "HC-1", "subject": "付款失败"}, ensure_ascii=False)

    idempotency._store_response_plain(one.pk, 201, body, "application/json")
    idempotency._store_response(two.pk, 201, body, "application/json")

    one.refresh_from_db()
    two.refresh_from_db()
    fields = ("status_code", "response_body", "content_type", "request_hash", "created_at")
    assert [getattr(two, f) for f in fields[:-1]] == [getattr(one, f) for f in fields[:-1]]
    assert (two.status_code, two.response_body) == (201, body)


def test_the_stored_body_is_what_drfs_renderer_writes():
    data = {"subject": "付款失败 \u2028", "n": 1.5, "messages": [{"id": 1}]}

    assert json_body(data) == JSONRenderer().render(data, "application/json", {})


def _new(topic):
    return {
        "topic": topic.pk,
        "subject": "Withdrawal missing",
        "description": "My withdrawal to the bank card has not arrived after three days.",
    }


@pytest.mark.django_db
@pytest.mark.usefixtures("_open_rate_limits")
def test_an_idempotent_create_answers_as_drf_would_and_its_replay_is_the_same_bytes(
    api, exchange, topic
):
    token = exchange()

    plain_answer = api.post("/api/v1/tickets", _new(topic), format="json", **bearer(token))
    first = api.post(
        "/api/v1/tickets", _new(topic), format="json", **bearer(token, HTTP_IDEMPOTENCY_KEY="k1")
    )
    retry = api.post(
        "/api/v1/tickets", _new(topic), format="json", **bearer(token, HTTP_IDEMPOTENCY_KEY="k1")
    )

    assert first.status_code == plain_answer.status_code == 201
    assert sorted(first.headers) == sorted(plain_answer.headers)
    assert first["Content-Type"] == plain_answer["Content-Type"] == "application/json"
    assert first.content == JSONRenderer().render(first.json(), "application/json", {})
    assert set(first.json()) == set(plain_answer.json())
    assert retry.content == first.content
    assert retry["Idempotent-Replayed"] == "true"


@pytest.mark.django_db
@pytest.mark.usefixtures("_open_rate_limits")
def test_an_idempotent_create_asked_with_an_indent_is_rendered_by_drf(api, exchange, topic):
    headers = bearer(
        exchange(), HTTP_IDEMPOTENCY_KEY="k2", HTTP_ACCEPT="application/json; indent=2"
    )

    response = api.post("/api/v1/tickets", _new(topic), format="json", **headers)

    assert response.status_code == 201
    assert response.content.startswith(b'{\n  "reference"')


@pytest.mark.django_db(transaction=True)
def test_the_kept_thread_of_a_new_request_is_presented_without_compiling_sql(topic):
    ticket = services.ticket_create(
        category=topic,
        subject="Payment failed",
        description="The payment failed although my balance is enough.",
        email="ana@example.com",
        name="Ana",
        language="en",
    )
    kept = selectors.ticket_thread_new(ticket=ticket)

    with mock.patch.object(SQLCompiler, "as_sql", side_effect=AssertionError("SQL compiled")):
        presented = ticket_out(ticket, kept, staff=False, new=True)

    assert presented["messages"][0]["attachments"] == []
    stored = selectors.ticket_thread(ticket=ticket, staff=False)
    assert presented == ticket_out(ticket, stored, staff=False, new=True)
