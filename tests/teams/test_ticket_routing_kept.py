"""The auto-assignment keeps who has room for a second (tickets.services.routing.
nobody_has_room): it answers as a fresh read does, a change in this process is seen at once,
and while nobody has room a new request costs no query for it."""

import time
from types import SimpleNamespace

import pytest
from django.utils import timezone

from chat.models import AgentPresence
from core import memo
from tests.chat.factories import PresenceFactory
from tests.factories import staff_user
from tests.tickets.factories import CategoryFactory, TicketFactory
from tickets import services
from tickets.services import routing

pytestmark = pytest.mark.django_db


def online():
    user = staff_user("agent")
    PresenceFactory(user=user)
    return user


def test_the_kept_availability_equals_a_fresh_read(settings):
    settings.TICKETS_AGENT_CAPACITY = 2
    topic = CategoryFactory()
    assert routing._kept.get() == routing.availability()  # nobody online
    agent = online()
    assert routing._kept.get() == routing.availability()  # someone with room
    TicketFactory(category=topic)
    TicketFactory(category=topic)

    kept = routing._kept.get()

    assert kept == routing.availability() == routing.Availability({agent.pk: 2}, capacity=2)
    assert routing.nobody_has_room() is (not routing.availability().free()) is True


def test_while_nobody_is_online_a_new_request_costs_no_routing_query(django_assert_num_queries):
    ticket = TicketFactory(category=CategoryFactory())
    ticket.assignee, ticket.status = None, "new"

    with django_assert_num_queries(0):
        assert services.ticket_auto_assign(ticket=ticket).assignee is None


def test_an_agent_at_capacity_who_solves_a_request_gets_the_next_one(settings):
    settings.TICKETS_AGENT_CAPACITY = 1
    topic = CategoryFactory()
    agent = online()
    first = TicketFactory(category=topic)
    assert TicketFactory(category=topic).assignee is None  # at capacity: kept as "no room"

    services.ticket_set_status(ticket=first, status="solved", by=agent)

    assert TicketFactory(category=topic).assignee == agent


def test_an_agent_who_comes_online_gets_the_next_request():
    topic = CategoryFactory()
    assert TicketFactory(category=topic).assignee is None  # kept: nobody online

    agent = online()

    assert TicketFactory(category=topic).assignee == agent


def test_a_raised_capacity_is_seen_at_once(settings):
    settings.TICKETS_AGENT_CAPACITY = 1
    topic = CategoryFactory()
    agent = online()
    TicketFactory(category=topic)
    assert TicketFactory(category=topic).assignee is None

    settings.TICKETS_AGENT_CAPACITY = 3

    assert TicketFactory(category=topic).assignee == agent


def test_someone_online_in_another_process_is_seen_within_the_kept_second(monkeypatch):
    topic = CategoryFactory()
    user = staff_user("agent")
    PresenceFactory(user=user, status=AgentPresence.Status.OFFLINE)
    assert TicketFactory(category=topic).assignee is None
    # Another process (the console's socket): no signal reaches this one.
    AgentPresence.objects.filter(user=user).update(status="online", last_seen_at=timezone.now())
    assert TicketFactory(category=topic).assignee is None

    now = time.monotonic() + routing.AVAILABILITY_SECONDS
    monkeypatch.setattr(memo, "time", SimpleNamespace(monotonic=lambda: now))

    assert TicketFactory(category=topic).assignee == user
