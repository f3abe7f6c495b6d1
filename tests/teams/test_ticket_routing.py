"""Ticket auto-assignment: a new request goes to an online agent, the team for its topic and
language first (security reports: the security team), then anyone online below
TICKETS_AGENT_CAPACITY open requests; with nobody online it stays unassigned."""

import pytest

from teams.models import Team
from tests.chat.factories import PresenceFactory
from tests.factories import staff_user
from tests.teams.factories import TeamFactory
from tests.tickets.factories import CategoryFactory, TicketFactory
from tickets import services

pytestmark = pytest.mark.django_db


def online():
    user = staff_user("agent")
    PresenceFactory(user=user)
    return user


def test_a_new_request_goes_to_the_online_member_of_its_topics_team():
    topic = CategoryFactory()
    online()
    member = online()
    TeamFactory(members=[member], topics=[topic], language=Team.Language.EN)

    ticket = TicketFactory(category=topic, language="en")

    ticket.refresh_from_db()
    assert (ticket.assignee, ticket.status) == (member, "open")


def test_a_request_in_another_language_goes_to_that_languages_team():
    topic = CategoryFactory()
    english = online()
    chinese = online()
    TeamFactory(members=[english], topics=[topic], language=Team.Language.EN)
    TeamFactory(members=[chinese], topics=[topic], language=Team.Language.ZH_HANS)

    ticket = TicketFactory(category=topic, language="zh-hans")

    ticket.refresh_from_db()
    assert ticket.assignee == chinese


def test_an_offline_team_member_gets_nothing_and_someone_online_does():
    topic = CategoryFactory()
    TeamFactory(members=[staff_user("agent")], topics=[topic])
    other = online()

    ticket = TicketFactory(category=topic)

    ticket.refresh_from_db()
    assert ticket.assignee == other


def test_with_nobody_online_the_request_stays_unassigned():
    topic = CategoryFactory()
    TeamFactory(members=[staff_user("agent")], topics=[topic])

    ticket = TicketFactory(category=topic)

    ticket.refresh_from_db()
    assert (ticket.assignee, ticket.status) == (None, "new")


def test_a_member_at_capacity_is_skipped_for_someone_available(settings):
    settings.TICKETS_AGENT_CAPACITY = 1
    topic = CategoryFactory()
    member = online()
    TeamFactory(members=[member], topics=[topic])
    TicketFactory(category=topic)
    other = online()

    ticket = TicketFactory(category=topic)

    ticket.refresh_from_db()
    assert ticket.assignee == other


def test_a_security_report_goes_to_the_security_team():
    topic = CategoryFactory(is_security=True)
    TeamFactory(members=[online()], topics=[topic])
    guard = online()
    TeamFactory(members=[guard], is_security=True)

    ticket = TicketFactory(category=topic)

    ticket.refresh_from_db()
    assert ticket.assignee == guard


def test_a_request_an_agent_opens_for_a_caller_stays_with_that_agent():
    topic = CategoryFactory()
    member = online()
    TeamFactory(members=[member], topics=[topic])
    caller_agent = staff_user("agent")

    ticket = services.ticket_open_for_customer(
        by=caller_agent,
        category=topic,
        subject="Phone call",
        description="Called about a top-up.",
        email="caller@example.com",
        name="Caller",
        language="en",
        source="phone",
    )

    ticket.refresh_from_db()
    assert ticket.assignee == caller_agent
