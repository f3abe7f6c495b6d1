"""The first request with an Idempotency-Key is recorded in one statement
(api.services.idempotency._record_new): the same row as ``objects.create``, and nothing (no
error, the transaction usable) when the key is taken."""

import pytest
from django.db import transaction

from api.models import IdempotentRequest
from api.services import idempotency

pytestmark = pytest.mark.django_db


def columns(record):
    return {
        field: getattr(record, field)
        for field in ("credential", "key", "request_hash", "status_code", "response_body")
    } | {"content_type": record.content_type}


def test_the_one_statement_record_equals_the_plain_create():
    plain = IdempotentRequest.objects.create(credential="key:1", key="a", request_hash="h" * 64)

    made = idempotency._record_new("key:2", "a", "h" * 64)

    stored = IdempotentRequest.objects.get(pk=made.pk)
    assert columns(stored) | {"credential": "key:1"} == columns(plain)
    assert columns(made) == columns(stored)
    assert made.created_at == stored.created_at
    assert not made._state.adding


def test_a_taken_key_records_nothing_and_keeps_the_transaction_usable():
    first = idempotency._record_new("key:1", "a", "h" * 64)

    with transaction.atomic():
        assert idempotency._record_new("key:1", "a", "other") is None
        assert IdempotentRequest.objects.get().pk == first.pk


def test_a_first_request_is_one_statement(django_assert_num_queries):
    with django_assert_num_queries(1):
        record, stored = idempotency.idempotency_begin(
            credential="key:1", key="k", request_hash="h" * 64
        )

    assert stored is None
    assert record.pk is not None
