"""Opening a request counts the credential's limits (per key, per customer) and the request
form's per-e-mail limit in one Redis round trip (api.throttling, docs/api.md Speed), and answers
as when the throttle counted first: over a credential's limit a 429 whatever the request held."""

from unittest import mock

import pytest

from core import ratelimits
from tests.api.conftest import bearer
from tickets.models import Ticket

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("_open_rate_limits", "_early_in_an_hour"),
]


def _new(topic, **extra):
    return {
        "topic": topic.pk,
        "subject": "Top-up not received",
        "description": "I topped up 200 yuan by bank card an hour ago and see nothing.",
        **extra,
    }


def counted_rounds():
    return mock.patch.object(ratelimits, "count_attempts", wraps=ratelimits.count_attempts)


def test_a_create_counts_the_credentials_and_the_email_limits_in_one_round(api, exchange, topic):
    token = exchange()

    with counted_rounds() as rounds:
        response = api.post("/api/v1/tickets", _new(topic), format="json", **bearer(token))

    assert response.status_code == 201
    assert rounds.call_count == 1
    scopes = [key.split(":")[1:3] for key, _ in rounds.call_args.args[1]]
    assert scopes == [["api", "customer"], ["tickets", "create"]]


def test_a_key_acting_for_a_customer_counts_both_with_the_email(api, make_key, exchange, topic):
    exchange(sub="w-both")
    key = make_key("tickets:customer")

    with counted_rounds() as rounds:
        response = api.post(
            "/api/v1/tickets",
            _new(topic),
            format="json",
            **bearer(key, HTTP_X_WALLET_USER_ID="w-both"),
        )

    assert response.status_code == 201
    assert len(rounds.call_args.args[1]) == 3


def test_over_the_customers_limit_a_create_is_refused_and_makes_nothing(
    api, exchange, topic, settings
):
    settings.API_RATE_PER_CUSTOMER = "1/m"
    token = exchange()
    api.get("/api/v1/me", **bearer(token))

    response = api.post("/api/v1/tickets", _new(topic), format="json", **bearer(token))

    assert response.status_code == 429
    assert response.json()["type"] == "urn:helpcenter:problem:rate_limited"
    assert 0 < int(response["Retry-After"]) <= 60
    assert not Ticket.objects.exists()


def test_over_the_customers_limit_an_invalid_create_is_refused_as_too_many(
    api, exchange, topic, settings
):
    settings.API_RATE_PER_CUSTOMER = "1/m"
    token = exchange()
    api.get("/api/v1/me", **bearer(token))

    response = api.post("/api/v1/tickets", _new(topic, subject="x"), format="json", **bearer(token))

    assert response.status_code == 429


def test_over_the_customers_limit_a_replay_is_refused_as_too_many(api, exchange, topic, settings):
    settings.API_RATE_PER_CUSTOMER = "1/m"
    headers = bearer(exchange(), HTTP_IDEMPOTENCY_KEY="retry-me")
    assert api.post("/api/v1/tickets", _new(topic), format="json", **headers).status_code == 201

    replay = api.post("/api/v1/tickets", _new(topic), format="json", **headers)

    assert replay.status_code == 429
    assert Ticket.objects.count() == 1


def test_an_invalid_create_counts_the_customers_limit_but_not_the_emails(
    api, exchange, topic, settings
):
    settings.TICKETS_RATE_CREATE_EMAIL = "1/h"
    settings.API_RATE_PER_CUSTOMER = "2/m"
    token = exchange()
    invalid = api.post("/api/v1/tickets", _new(topic, subject="x"), format="json", **bearer(token))

    created = api.post("/api/v1/tickets", _new(topic), format="json", **bearer(token))
    third = api.post("/api/v1/tickets", _new(topic), format="json", **bearer(token))

    assert (invalid.status_code, created.status_code, third.status_code) == (400, 201, 429)


def test_over_the_emails_limit_an_invalid_create_is_still_told_what_is_invalid(
    api, exchange, topic, settings
):
    settings.TICKETS_RATE_CREATE_EMAIL = "1/h"
    token = exchange()
    api.post("/api/v1/tickets", _new(topic), format="json", **bearer(token))

    response = api.post("/api/v1/tickets", _new(topic, subject="x"), format="json", **bearer(token))

    assert response.status_code == 400
