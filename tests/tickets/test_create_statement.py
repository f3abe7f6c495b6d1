"""A new request outside a transaction, as the request form makes it, has its four rows (on
PostgreSQL they go in one statement: tests/core/test_fast_paths.py checks that this gives the
rows the general path writes)."""

import threading

import pytest
from django.db import connections

from core import realtime
from tickets import live, services
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


def test_each_new_ticket_has_its_own_id_and_reference(category):
    tickets = [create(category, email=f"c{n}@example.com") for n in range(3)]

    assert len({t.pk for t in tickets}) == 3
    assert [t.reference for t in tickets] == [f"HC-{t.created_at.year}-{t.pk:06d}" for t in tickets]
    assert Ticket.objects.filter(pk__in=[t.pk for t in tickets]).count() == 3


def test_the_inboxes_are_told_once_the_new_request_is_written(category, monkeypatch):
    # Outside a transaction "on commit" runs at once: told while the rows were being built,
    # an inbox (or the counters' new version) could read the queue without the new request.
    told_with = []
    announce = live._announce

    def spy(changed):
        told_with.append(Ticket.objects.filter(subject="Payment failed").count())
        return announce(changed)

    monkeypatch.setattr(live, "_announce", spy)
    bump = live._bump_version

    def bump_spy():
        # Maybe in the sender thread (Redis): its connection is closed again.
        told_with.append(Ticket.objects.filter(subject="Payment failed").count())
        if threading.current_thread() is not threading.main_thread():
            connections.close_all()
        return bump()

    monkeypatch.setattr(live, "_bump_version", bump_spy)

    create(category)
    assert realtime.flush(timeout=10)

    assert told_with == [1, 1]  # the frame computed, then the counters' version moved
