"""Kept statements (core.kept_query) equal the plain queryset, and refuse what they cannot
keep safely."""

import datetime as dt

import pytest
from django.utils import timezone

from chat import selectors as chat_selectors
from chat import services as chat_services
from chat.models import AgentPresence, Conversation
from chat.selectors import InboxChats
from core.kept_query import NotKeepable, kept_rows
from tests.chat.factories import ConversationFactory, PresenceFactory
from tests.factories import staff_user
from tests.tickets.factories import TicketFactory
from tickets import services
from tickets.console_selectors import NO_FILTERS, InboxTickets, _inbox_page, tickets_for_inbox
from tickets.models import Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def work(category):
    """Requests in every inbox view and chats waiting, active and closed, for two agents."""
    first, second = staff_user("agent"), staff_user("agent")
    mine = TicketFactory(category=category)
    services.ticket_assign(ticket=mine, assignee=first, by=first)
    services.ticket_assign(ticket=TicketFactory(category=category), assignee=second, by=second)
    pending = TicketFactory(category=category)
    services.ticket_assign(ticket=pending, assignee=second, by=second)
    services.ticket_set_status(ticket=pending, status=Ticket.Status.PENDING_CUSTOMER, by=second)
    solved = TicketFactory(category=category)
    services.ticket_set_status(ticket=solved, status=Ticket.Status.SOLVED, by=first)
    TicketFactory(category=category)
    late = TicketFactory(category=category)
    Ticket.objects.filter(pk=late.pk).update(
        first_response_due_at=timezone.now() - dt.timedelta(hours=1),
        sla_due_at=timezone.now() - dt.timedelta(hours=1),
    )
    # Routing gives new chats to the one agent online while they have room.
    PresenceFactory(user=first, capacity=2)
    closed = ConversationFactory()
    chat_services.conversation_close(conversation_id=closed.pk, by_customer=False, user=first)
    ConversationFactory()  # active, first's
    AgentPresence.objects.filter(user=first).update(capacity=1)
    ConversationFactory()  # waiting
    assert sorted(Conversation.objects.values_list("status", flat=True)) == [
        Conversation.Status.ACTIVE,
        Conversation.Status.CLOSED,
        Conversation.Status.WAITING,
    ]
    return first, second


def _plain_tickets(which, user, now, limit):
    since = now - dt.timedelta(days=7)
    return list(_inbox_page(which, NO_FILTERS, user.pk, now, since)[:limit])


TICKET_VIEWS = [
    InboxTickets.MINE,
    InboxTickets.UNASSIGNED,
    InboxTickets.OPEN,
    InboxTickets.PENDING,
    InboxTickets.AT_RISK,
    InboxTickets.BREACHED,
    InboxTickets.RECENTLY_SOLVED,
]


@pytest.mark.parametrize("which", TICKET_VIEWS)
def test_every_ticket_view_equals_the_plain_queryset_for_each_agent_and_moment(work, which):
    first, second = work
    now = timezone.now()
    later = now + dt.timedelta(hours=30)  # past every first-response target: other rows
    for user, at in ((first, now), (second, now), (first, later), (second, later)):
        kept = tickets_for_inbox(which=which, user=user, limit=50, now=at)
        plain = _plain_tickets(which, user, at, 50)
        assert kept == plain
        assert [row._fields for row in kept] == [row._fields for row in plain]
    if which != InboxTickets.AT_RISK:  # the fixture has nothing at risk at this moment
        assert any(tickets_for_inbox(which=which, user=user, limit=50) for user in work)


def _plain(shape, build, *values):
    return list(build(*values))


@pytest.mark.parametrize(
    "which",
    [InboxChats.WAITING, InboxChats.MINE, InboxChats.ACTIVE, InboxChats.RECENTLY_CLOSED],
)
def test_every_chat_view_equals_the_plain_queryset_with_its_lines(work, which, monkeypatch):
    first, second = work
    since = timezone.now() - dt.timedelta(days=1)

    def read(user):
        return chat_selectors.conversations_for_inbox(which=which, user=user, limit=50, since=since)

    kept = [read(user) for user in (first, second, first)]
    monkeypatch.setattr(chat_selectors, "kept_rows", _plain)
    assert kept == [read(user) for user in (first, second, first)]
    listed = kept[1] if which == InboxChats.WAITING else kept[0]
    assert listed
    assert all(chat.preview for chat in listed)


def test_named_rows_keep_their_field_names(work):
    first, _second = work
    rows = tickets_for_inbox(which=InboxTickets.OPEN, user=first, limit=50)
    assert rows[0].reference == Ticket.objects.get(pk=rows[0].id).reference


def test_a_parameter_derived_from_a_value_is_refused(db):
    def build(now):
        return Ticket.objects.filter(created_at__gte=now - dt.timedelta(days=1)).values_list("pk")

    with pytest.raises(NotKeepable):
        kept_rows(("test-derived",), build, timezone.now())


def test_a_value_that_would_decide_the_text_is_refused(db):
    def build(assignee_id):
        return Ticket.objects.filter(assignee_id=assignee_id).values_list("pk")

    with pytest.raises(NotKeepable):
        kept_rows(("test-none",), build, None)


def test_model_instances_are_not_kept(db):
    with pytest.raises(NotKeepable):
        kept_rows(("test-models",), lambda pk: Ticket.objects.filter(pk=pk), 1)


def test_a_kept_shape_refuses_a_value_of_another_type_later(db):
    def build(assignee_id):
        return Ticket.objects.filter(assignee_id=assignee_id).values_list("pk")

    assert kept_rows(("test-types",), build, 1) == []
    with pytest.raises(NotKeepable):
        kept_rows(("test-types",), build, None)
