"""``core.db.fetchone_prepared``: a statement run often is prepared once per database session
and then executed by name. The rows it writes equal the plain way's, a new session prepares
again, and a statement PostgreSQL will not prepare runs the plain way without spoiling the
transaction around it."""

import pytest
from django.db import connection, transaction

from core import db
from core.models import Topic
from tests.tickets.factories import CategoryFactory
from tickets import services
from tickets.models import Notification, Ticket, TicketEvent, TicketMessage

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgresql]

UNSTABLE = {"id", "created_at", "updated_at", "slug", "reference", "ticket_id", "portal_key"}


def row(model, pk):
    values = model.objects.filter(pk=pk).values().get()
    return {k: v for k, v in values.items() if k not in UNSTABLE}


def session_statements():
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [text for (text,) in cursor.fetchall()]


def create(category):
    return services.ticket_create(
        category=category,
        subject="Payment failed",
        description="The payment failed with error E1001.",
        email="customer@example.com",
        name="Chen Jing",
        language="zh-hans",
        transaction_number="TXN-1",
        error_message="E1001",
        details={},
    )


def rows_of(ticket):
    message = TicketMessage.objects.get(ticket=ticket)
    event = TicketEvent.objects.get(ticket=ticket)
    notification = Notification.objects.get(ticket=ticket)
    drop = {"idempotency_key", "new_value"}  # they name the request
    return [
        {k: v for k, v in row(model, pk).items() if k not in drop}
        for model, pk in (
            (Ticket, ticket.pk),
            (TicketMessage, message.pk),
            (TicketEvent, event.pk),
            (Notification, notification.pk),
        )
    ]


def test_a_request_written_by_a_prepared_statement_has_the_rows_of_the_plain_way(
    monkeypatch, time_machine
):
    time_machine.move_to("2026-11-30 10:00:00+08:00", tick=False)
    category = CategoryFactory()
    prepared = [create(category), create(category)]  # prepares, then runs it by name
    assert any(
        text.startswith("PREPARE") and "tickets_ticket" in text for text in session_statements()
    )

    monkeypatch.setattr(db, "PREPARED_PER_SESSION", 0)
    connection.close()  # a new session, which may prepare nothing: the plain way
    plain = create(category)

    assert session_statements() == []
    assert rows_of(prepared[0]) == rows_of(prepared[1]) == rows_of(plain)


def test_a_new_database_session_prepares_again(topic_fields):
    db.insert_in_one_statement(Topic(slug="first", **topic_fields))
    assert len(session_statements()) == 1

    connection.close()
    again = Topic(slug="again", **topic_fields)
    db.insert_in_one_statement(again)

    assert len(session_statements()) == 1
    assert Topic.objects.get(pk=again.pk).slug == "again"


def test_a_statement_postgresql_will_not_prepare_runs_the_plain_way_in_the_transaction(
    topic_fields,
):
    # The type of a parameter compared with NULL only cannot be inferred: PREPARE fails.
    refused = "SELECT %s IS NULL"
    with transaction.atomic():
        Topic.objects.create(slug="kept", **topic_fields)
        assert db.fetchone_prepared(connection, refused, [None]) == (True,)
        assert db.fetchone_prepared(connection, refused, [3]) == (False,)
        Topic.objects.create(slug="after", **topic_fields)  # the transaction is still usable

    assert set(Topic.objects.values_list("slug", flat=True)) >= {"kept", "after"}
    assert session_statements() == []


def test_values_of_every_kind_arrive_as_the_plain_statement_sends_them():
    sql = "SELECT %s::int, %s::text, %s::boolean, %s::timestamptz, %s::jsonb, %s::text[]"
    from django.utils import timezone
    from psycopg2.extras import Json

    now = timezone.now()
    values = [7, "它's \\ 100%", True, now, Json({"a": [1, "二"]}), ["x", "y"]]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        plain = cursor.fetchone()

    assert db.fetchone_prepared(connection, sql, values) == plain
    assert db.fetchone_prepared(connection, sql, values) == plain  # by name, the second time
    assert len(session_statements()) == 1
