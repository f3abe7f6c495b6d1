"""``POST /api/v1/tickets`` writes its Idempotency-Key record with the new request's rows
(``api.idempotency``, ``written_with_the_work``): no statement of its own before the work, and
a key someone else holds still makes exactly one request."""

import json
import threading

import pytest
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.test import APIClient, APIRequestFactory

from api.idempotency import request_hash
from api.models import IdempotentRequest
from core import db
from tests.api.conftest import bearer
from tests.chat.factories import PresenceFactory
from tests.factories import staff_user
from tests.waiting import wait_until
from tickets.models import Ticket, TicketMessage

pytestmark = pytest.mark.usefixtures("_open_rate_limits")


def _new(topic):
    return {
        "topic": topic.pk,
        "subject": "Withdrawal missing",
        "description": "My withdrawal to the bank card has not arrived after three days.",
    }


def _hash_of(body):
    raw = APIRequestFactory().post(
        "/api/v1/tickets", json.dumps(body), content_type="application/json"
    )
    return request_hash(Request(raw, parsers=[JSONParser()]))


@pytest.mark.django_db
def test_the_record_is_written_with_the_request_and_holds_its_answer(api, exchange, topic):
    headers = bearer(exchange(), HTTP_IDEMPOTENCY_KEY="with-the-work")

    with CaptureQueriesContext(connection) as queries:
        response = api.post("/api/v1/tickets", _new(topic), format="json", **headers)

    assert response.status_code == 201
    record = IdempotentRequest.objects.get(key="with-the-work")
    assert record.status_code == 201
    assert json.loads(record.response_body) == response.json()
    assert record.request_hash == _hash_of(_new(topic))
    assert record.response_body.encode() == response.content
    run = db.sql_run(connection, queries.captured_queries)
    writes = [sql for sql in run if "api_idempotentrequest" in sql]
    if connection.vendor == "postgresql":
        # One statement writes the request, its first rows and the record with its answer.
        [together] = writes
        assert 'INSERT INTO "tickets_ticket"' in together
    else:  # no statement of many INSERTs on SQLite: the same transaction, still no UPDATE
        assert [sql.split(" ")[0] for sql in writes] == ["INSERT"]


@pytest.mark.django_db
def test_the_answer_stored_with_the_work_shows_the_request_as_it_was_written(api, exchange, topic):
    headers = bearer(exchange(), HTTP_IDEMPOTENCY_KEY="as-written")

    created = api.post("/api/v1/tickets", _new(topic), format="json", **headers).json()
    read = api.get(f"/api/v1/tickets/{created['reference']}", **headers).json()

    # Ids, timestamps and texts in the stored answer are the database's.
    assert created == read
    stored = json.loads(IdempotentRequest.objects.get(key="as-written").response_body)
    assert stored == read


@pytest.mark.django_db
def test_a_request_assigned_as_it_is_written_is_answered_and_replayed_as_assigned(
    api, exchange, topic
):
    PresenceFactory(user=staff_user("agent"))  # online with room: takes the new request
    headers = bearer(exchange(), HTTP_IDEMPOTENCY_KEY="assigned")

    first = api.post("/api/v1/tickets", _new(topic), format="json", **headers)
    retry = api.post("/api/v1/tickets", _new(topic), format="json", **headers)

    ticket = Ticket.objects.get()
    assert ticket.assignee is not None
    assert first.json()["status"] == ticket.status != "new"
    assert retry.content == first.content


@pytest.mark.django_db(transaction=True)
def test_in_autocommit_a_retry_is_answered_with_the_first_response(api, exchange, topic):
    headers = bearer(exchange(), HTTP_IDEMPOTENCY_KEY="retry-autocommit")

    first = api.post("/api/v1/tickets", _new(topic), format="json", **headers)
    retry = api.post("/api/v1/tickets", _new(topic), format="json", **headers)

    assert first.status_code == retry.status_code == 201
    assert retry.content == first.content
    assert retry["Idempotent-Replayed"] == "true"
    assert Ticket.objects.count() == 1
    assert TicketMessage.objects.count() == 1


def _waiting_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE wait_event_type = 'Lock' AND datname = current_database()"
        )
        return cursor.fetchone()[0] > 0


@pytest.mark.django_db(transaction=True)
def test_a_key_held_by_a_request_being_written_makes_no_second_request(exchange, topic):
    token = exchange()
    probe = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    probe.post(
        "/api/v1/tickets", _new(topic), format="json", **bearer(token, HTTP_IDEMPOTENCY_KEY="probe")
    )
    credential = IdempotentRequest.objects.get(key="probe").credential
    holding, release = threading.Event(), threading.Event()

    def first_request_still_writing():
        try:
            with transaction.atomic():
                IdempotentRequest.objects.create(
                    credential=credential, key="race", request_hash=_hash_of(_new(topic))
                )
                holding.set()
                release.wait(30)
        finally:
            connections.close_all()

    answers = []

    def retry():
        try:
            answers.append(
                APIClient(HTTP_ACCEPT_LANGUAGE="en").post(
                    "/api/v1/tickets",
                    _new(topic),
                    format="json",
                    **bearer(token, HTTP_IDEMPOTENCY_KEY="race"),
                )
            )
        finally:
            connections.close_all()

    first = threading.Thread(target=first_request_still_writing)
    first.start()
    wait_until(holding.is_set, what="the first request's record written, not committed")
    second = threading.Thread(target=retry)
    second.start()
    if connection.vendor == "postgresql":
        # The retry's statement waits on the unique key (SQLite: on the write lock).
        wait_until(_waiting_on_a_lock, what="the retry waiting on the first request's key")
    release.set()
    first.join(30)
    second.join(30)

    [answer] = answers
    assert answer.status_code == 409
    assert answer.json()["type"] == "urn:helpcenter:problem:idempotency_in_progress"
    assert Ticket.objects.count() == 1  # the probe's
    assert TicketMessage.objects.count() == 1
    assert IdempotentRequest.objects.filter(key="race").count() == 1
