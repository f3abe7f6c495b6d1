"""A new request outside a transaction, as the request form makes it: on PostgreSQL its four
rows go in one statement with an id reserved beforehand; elsewhere the general path writes the
same rows. Either way the outcome is the same."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tickets import services
from tickets.models import Notification, Ticket, TicketEvent, TicketMessage

pytestmark = pytest.mark.django_db(transaction=True)


def create(category, email="ana@example.com"):
    return services.ticket_create(
        category=category,
        subject="Payment failed",
        description="  The payment failed although my balance is enough.  ",
        email=email,
        name="Ana",
        language="zh-hans",
    )


def test_a_new_ticket_has_its_message_event_and_pending_confirmation(category):
    with CaptureQueriesContext(connection) as queries:
        ticket = create(category)

    stored = Ticket.objects.get(pk=ticket.pk)
    assert stored.reference == ticket.reference == f"HC-{stored.created_at.year}-{ticket.pk:06d}"
    assert stored.first_response_due_at == ticket.first_response_due_at is not None
    message = TicketMessage.objects.get(ticket=stored)
    assert (message.author_kind, message.body) == (
        "customer",
        "The payment failed although my balance is enough.",
    )
    event = TicketEvent.objects.get(ticket=stored)
    assert (event.kind, event.new_value) == ("created", ticket.reference)
    confirmation = Notification.objects.get(ticket=stored)
    assert (confirmation.kind, confirmation.status) == ("created", "pending")
    assert confirmation.idempotency_key == f"created:{ticket.pk}:"
    assert (confirmation.recipient_email, confirmation.language) == ("ana@example.com", "zh-hans")
    writes = [q["sql"] for q in queries if q["sql"].lstrip().startswith(("INSERT", "WITH"))]
    if connection.vendor == "postgresql":
        assert len(writes) == 1
        assert writes[0].lstrip().startswith("WITH")
    else:
        assert len(writes) == 4


def test_ticket_ids_are_taken_from_the_sequence_a_few_at_a_time(category):
    with CaptureQueriesContext(connection) as queries:
        tickets = [create(category, email=f"c{n}@example.com") for n in range(3)]

    assert len({t.pk for t in tickets}) == 3
    assert [t.reference for t in tickets] == [f"HC-{t.created_at.year}-{t.pk:06d}" for t in tickets]
    fetches = [q for q in queries if "nextval" in q["sql"]]
    if connection.vendor == "postgresql":
        assert len(fetches) <= 1  # one fetch reserves twenty ids
    else:
        assert fetches == []
        assert services._next_ticket_id() is None
