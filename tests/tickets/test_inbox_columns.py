"""The columns the staff inbox reads: the next SLA target and the latest public entry, kept by
the services that change them (so a list of open tickets is one indexed read)."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from tests.factories import staff_user
from tests.tickets.factories import TicketFactory
from tickets import services
from tickets.models import Ticket

pytestmark = pytest.mark.django_db


def test_a_new_ticket_is_due_at_its_first_response_target(category):
    ticket = TicketFactory(category=category)

    assert ticket.sla_due_at == ticket.first_response_due_at
    stored = Ticket.objects.get(pk=ticket.pk)
    assert stored.sla_due_at == ticket.first_response_due_at
    assert stored.last_message_preview.startswith("The payment failed")
    assert stored.last_message_by_customer is True
    assert stored.last_message_at == stored.created_at


def test_after_the_first_response_the_resolution_target_is_next(category, agent):
    ticket = TicketFactory(category=category)

    services.ticket_reply(ticket=ticket, author=agent, body="We are  looking\ninto it.")

    stored = Ticket.objects.get(pk=ticket.pk)
    assert stored.sla_due_at == stored.resolution_due_at
    assert stored.last_message_preview == "We are looking into it."
    assert stored.last_message_by_customer is False


def test_waiting_for_the_customer_stops_the_clock_and_their_reply_restarts_it(category, agent):
    ticket = TicketFactory(category=category)
    services.ticket_reply(ticket=ticket, author=agent, body="Which card did you use?")

    services.ticket_set_status(ticket=ticket, status=Ticket.Status.PENDING_CUSTOMER, by=agent)
    assert Ticket.objects.get(pk=ticket.pk).sla_due_at is None

    services.ticket_reply(ticket=ticket, author=None, body="The one ending 4242.")
    stored = Ticket.objects.get(pk=ticket.pk)
    assert stored.status == Ticket.Status.OPEN
    assert stored.sla_due_at == stored.resolution_due_at
    assert stored.last_message_by_customer is True


def test_an_internal_note_is_not_the_last_message(category, agent):
    ticket = TicketFactory(category=category)

    services.ticket_reply(ticket=ticket, author=agent, body="Checked the ledger.", internal=True)

    stored = Ticket.objects.get(pk=ticket.pk)
    assert stored.last_message_preview.startswith("The payment failed")
    assert stored.last_message_by_customer is True


def test_a_long_message_is_cut_to_one_line(category, agent):
    ticket = TicketFactory(category=category)

    services.ticket_reply(ticket=ticket, author=agent, body="line\n" * 100)

    preview = Ticket.objects.get(pk=ticket.pk).last_message_preview
    assert len(preview) == services.PREVIEW_LENGTH
    assert "\n" not in preview


def test_solving_clears_the_clock(category, agent):
    ticket = TicketFactory(category=category)

    services.ticket_set_status(ticket=ticket, status=Ticket.Status.SOLVED, by=agent)

    assert Ticket.objects.get(pk=ticket.pk).sla_due_at is None


def test_merging_brings_the_newer_last_message_to_the_target(category, agent):
    target = TicketFactory(category=category, email="same@example.com")
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=5)):
        source = TicketFactory(
            category=category, email="same@example.com", description="Second try: still failing."
        )

    services.ticket_merge(source=source, target=target, by=agent)

    stored = Ticket.objects.get(pk=target.pk)
    assert stored.last_message_preview == "Second try: still failing."
    assert stored.last_message_at == Ticket.objects.get(pk=source.pk).last_message_at


def test_the_column_agrees_with_the_running_targets_for_every_state(category, agent):
    supervisor = staff_user("supervisor")
    tickets = [TicketFactory(category=category) for _ in range(4)]
    services.ticket_reply(ticket=tickets[1], author=agent, body="On it.")
    services.ticket_set_status(ticket=tickets[2], status=Ticket.Status.SOLVED, by=supervisor)
    services.ticket_assign(ticket=tickets[3], assignee=agent, by=supervisor)

    for ticket in Ticket.objects.all():
        running = []
        if ticket.status in Ticket.ACTIVE_STATUSES:
            if ticket.first_response_at is None:
                running.append(ticket.first_response_due_at)
            if ticket.resolution_due_at:
                running.append(ticket.resolution_due_at)
        assert ticket.sla_due_at == min(running, default=None)


def test_the_preview_never_shows_a_card_number(category, agent):
    ticket = TicketFactory(category=category, description="My card 4111 1111 1111 1111 failed.")
    services.ticket_reply(ticket=ticket, author=None, body="Also tried 5555555555554444.")

    first = Ticket.objects.get(pk=ticket.pk).last_message_preview
    assert "4111 1111" not in ticket.last_message_preview
    assert "5555555555554444" not in first
    assert first.endswith("4444.")
