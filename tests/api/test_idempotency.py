import datetime as dt

import pytest
from django.utils import timezone

from api import services
from api.models import IdempotentRequest
from tests.api.conftest import bearer
from tickets.models import Ticket

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_open_rate_limits")]


def _new(topic, subject="Withdrawal missing"):
    return {
        "topic": topic.pk,
        "subject": subject,
        "description": "My withdrawal to the bank card has not arrived after three days.",
    }


def test_a_retried_create_makes_one_request(api, exchange, topic):
    token = exchange()
    headers = bearer(token, HTTP_IDEMPOTENCY_KEY="4f1c0d7e-retry")

    first = api.post("/api/v1/tickets", _new(topic), format="json", **headers)
    retry = api.post("/api/v1/tickets", _new(topic), format="json", **headers)

    assert first.status_code == retry.status_code == 201
    assert retry.json()["reference"] == first.json()["reference"]
    assert retry["Idempotent-Replayed"] == "true"
    assert Ticket.objects.count() == 1


def test_the_same_key_with_another_body_is_refused(api, exchange, topic):
    headers = bearer(exchange(), HTTP_IDEMPOTENCY_KEY="same-key")
    api.post("/api/v1/tickets", _new(topic), format="json", **headers)

    response = api.post("/api/v1/tickets", _new(topic, "Another subject"), format="json", **headers)

    assert response.status_code == 422
    assert response.json()["type"] == "urn:helpcenter:problem:idempotency_mismatch"
    assert Ticket.objects.count() == 1


def test_keys_are_per_credential(api, exchange, topic):
    key = {"HTTP_IDEMPOTENCY_KEY": "shared"}

    api.post("/api/v1/tickets", _new(topic), format="json", **bearer(exchange(sub="a"), **key))
    api.post(
        "/api/v1/tickets",
        _new(topic),
        format="json",
        **bearer(exchange(sub="b", email="b@example.com"), **key),
    )

    assert Ticket.objects.count() == 2


def test_a_refused_request_stores_nothing_so_it_can_be_corrected(api, exchange, topic):
    headers = bearer(exchange(), HTTP_IDEMPOTENCY_KEY="fix-me")
    bad = api.post("/api/v1/tickets", {**_new(topic), "subject": "x"}, format="json", **headers)

    assert bad.status_code == 400
    assert not IdempotentRequest.objects.exists()


def test_a_retried_reply_is_stored_once(api, exchange, topic):
    token = exchange()
    reference = api.post("/api/v1/tickets", _new(topic), format="json", **bearer(token)).json()[
        "reference"
    ]
    headers = bearer(token, HTTP_IDEMPOTENCY_KEY="reply-1")

    for _ in range(2):
        api.post(
            f"/api/v1/tickets/{reference}/replies", {"body": "Any news?"}, format="json", **headers
        )

    assert Ticket.objects.get().messages.count() == 2


def test_the_sweep_forgets_old_responses_so_the_key_can_be_used_again(api, exchange, topic):
    headers = bearer(exchange(), HTTP_IDEMPOTENCY_KEY="old-key")
    api.post("/api/v1/tickets", _new(topic), format="json", **headers)

    swept = services.idempotency_sweep(now=timezone.now() + dt.timedelta(hours=25))
    api.post("/api/v1/tickets", _new(topic), format="json", **headers)

    assert swept == 1
    assert Ticket.objects.count() == 2


def test_a_key_older_than_its_lifetime_starts_a_new_request(api, exchange, topic):
    headers = bearer(exchange(), HTTP_IDEMPOTENCY_KEY="expired-key")
    api.post("/api/v1/tickets", _new(topic), format="json", **headers)
    IdempotentRequest.objects.update(created_at=timezone.now() - dt.timedelta(hours=25))

    again = api.post("/api/v1/tickets", _new(topic), format="json", **headers)

    assert again.status_code == 201
    assert "Idempotent-Replayed" not in again
    assert Ticket.objects.count() == 2
