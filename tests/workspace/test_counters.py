"""The inbox's counters are counted once per change and kept in the cache; after every kind of
change, once its frame has left (the counters' version moves just before it), they equal a
fresh count (workspace.selectors.inbox_counts vs inbox_counts_fresh)."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chat import services as chat_services
from core import realtime
from tests.chat.factories import ConversationFactory, PresenceFactory
from tests.tickets.factories import TicketFactory
from tickets import services
from tickets.models import Ticket
from workspace import selectors

pytestmark = pytest.mark.django_db


@pytest.fixture
def counted(agent):
    """The counters as a page reads them, checked against a fresh count each time."""

    def read() -> dict[str, int]:
        assert realtime.flush(timeout=10)  # the frames (and the versions before them) have left
        cached = selectors.inbox_counts(user=agent)
        assert cached == selectors.inbox_counts_fresh(user=agent)
        return cached

    return read


def test_a_second_look_costs_no_query(agent, category):
    TicketFactory(category=category)
    selectors.inbox_counts(user=agent)

    with CaptureQueriesContext(connection) as queries:
        selectors.inbox_counts(user=agent)

    assert len(queries.captured_queries) == 0


def test_counters_follow_a_new_ticket(counted, category, django_capture_on_commit_callbacks):
    before = counted()

    with django_capture_on_commit_callbacks(execute=True):
        TicketFactory(category=category)

    assert counted()["unassigned"] == before["unassigned"] + 1


def test_counters_follow_assignment(counted, agent, category, django_capture_on_commit_callbacks):
    ticket = TicketFactory(category=category)
    counted()

    with django_capture_on_commit_callbacks(execute=True):
        services.ticket_assign(ticket=ticket, assignee=agent, by=agent)

    assert counted()["mine"] == 1


def test_counters_follow_a_status_change(
    counted, agent, category, django_capture_on_commit_callbacks
):
    ticket = TicketFactory(category=category)
    counted()

    with django_capture_on_commit_callbacks(execute=True):
        services.ticket_reply(ticket=ticket, author=agent, body="Which card did you use?")
        services.ticket_set_status(ticket=ticket, status=Ticket.Status.PENDING_CUSTOMER, by=agent)

    assert counted()["pending"] == 1


def test_counters_follow_a_customer_reply(
    counted, agent, category, django_capture_on_commit_callbacks
):
    ticket = TicketFactory(category=category)
    services.ticket_reply(ticket=ticket, author=agent, body="Which card did you use?")
    services.ticket_set_status(ticket=ticket, status=Ticket.Status.PENDING_CUSTOMER, by=agent)
    counted()

    with django_capture_on_commit_callbacks(execute=True):
        services.ticket_reply(ticket=Ticket.objects.get(pk=ticket.pk), author=None, body="Visa.")

    assert counted()["pending"] == 0


def test_counters_follow_an_sla_target_coming_due_without_any_change(counted, category):
    TicketFactory(category=category)
    due = Ticket.objects.get().sla_due_at
    counted()

    with time_machine.travel(due + dt.timedelta(minutes=1)):
        breached = counted()["breached"]

    assert breached == 1


def test_counters_follow_a_queued_chat(counted, busy_colleague, django_capture_on_commit_callbacks):
    before = counted()

    with django_capture_on_commit_callbacks(execute=True):
        ConversationFactory()

    assert counted()["chats_waiting"] == before["chats_waiting"] + 1


def test_counters_follow_a_chat_taken_and_closed(
    counted, agent, busy_colleague, django_capture_on_commit_callbacks
):
    conversation = ConversationFactory()
    PresenceFactory(user=agent, capacity=2)
    counted()

    with django_capture_on_commit_callbacks(execute=True):
        chat_services.conversation_accept(conversation_id=conversation.pk, user=agent)
    taken = counted()
    with django_capture_on_commit_callbacks(execute=True):
        chat_services.conversation_close(
            conversation_id=conversation.pk, by_customer=False, user=agent
        )
    closed = counted()

    assert (taken["chats_waiting"], taken["mine"]) == (0, 1)
    assert (closed["chats_waiting"], closed["mine"]) == (0, 0)


def test_a_counter_read_before_a_change_is_not_served_after_it(
    agent, category, django_capture_on_commit_callbacks
):
    TicketFactory(category=category)
    selectors.inbox_counts(user=agent)

    with django_capture_on_commit_callbacks(execute=True):
        TicketFactory(category=category)
    assert realtime.flush(timeout=10)  # the counters' version moves before the frame leaves

    assert selectors.inbox_counts(user=agent)["unassigned"] == 2
