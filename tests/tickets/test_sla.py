import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import BusinessHours
from tests.factories import staff_user
from tests.tickets.factories import SlaPolicyFactory, TicketFactory
from tickets import selectors, services, sla
from tickets.console_selectors import QueueFilters, Tab, console_ticket_list
from tickets.models import Notification, SlaReminder, Ticket, TicketEvent

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)


def at(hours: float):
    return time_machine.travel(T0 + dt.timedelta(hours=hours), tick=False)


@pytest.fixture
def team(agent, supervisor):
    """Two agents and a supervisor (who is also on the team for reminders)."""
    return {"agents": [agent, staff_user("agent")], "supervisor": supervisor}


@pytest.fixture
def new_ticket(category, team):
    with at(0):
        return TicketFactory(category=category)


def sla_notes(kind: str) -> list[str]:
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient_email", flat=True))


def test_nothing_is_sent_before_75_percent(new_ticket):
    with at(17.9):
        sla.sweep()

    assert not Notification.objects.filter(kind__startswith="sla").exists()


def test_reminder_at_75_percent_goes_to_the_team_when_unassigned(new_ticket, team):
    with at(18):
        sla.sweep()

    expected = sorted(u.email for u in [*team["agents"], team["supervisor"]])
    assert sla_notes(Notification.Kind.SLA_WARNING) == expected
    assert new_ticket.events.filter(kind=TicketEvent.Kind.SLA_WARNING).count() == 1


def test_reminder_goes_to_the_assignee_only(new_ticket, team):
    assignee = team["agents"][0]
    with at(1):
        services.ticket_assign(ticket=new_ticket, assignee=assignee, by=assignee)
    # Assigning opens the ticket; the first-response clock still runs until a reply.
    with at(18):
        sla.sweep()

    assert sla_notes(Notification.Kind.SLA_WARNING) == [assignee.email]


def test_breach_escalates_to_supervisors(new_ticket, team):
    with at(18):
        sla.sweep()
    with at(24):
        sla.sweep()

    assert sla_notes(Notification.Kind.SLA_BREACH) == [team["supervisor"].email]


def test_each_reminder_is_sent_once_over_many_sweeps(new_ticket):
    for hours in (18, 18, 19, 24, 24, 30, 48):
        with at(hours):
            sla.sweep()

    reminders = SlaReminder.objects.filter(ticket=new_ticket)
    assert sorted(reminders.values_list("kind", flat=True)) == ["breach", "warning"]
    assert Notification.objects.filter(kind__startswith="sla").count() == 4
    assert new_ticket.events.filter(kind__startswith="sla").count() == 2


def test_a_late_first_sweep_sends_only_the_escalation_once(new_ticket, team):
    with at(30):
        sla.sweep()
        sla.sweep()

    kinds = SlaReminder.objects.filter(ticket=new_ticket).values_list("kind", flat=True)
    assert list(kinds) == ["breach"]
    assert sla_notes(Notification.Kind.SLA_WARNING) == []
    assert sla_notes(Notification.Kind.SLA_BREACH) == [team["supervisor"].email]


def test_first_response_in_time_means_no_reminder(new_ticket, agent):
    with at(2):
        services.ticket_reply(ticket=new_ticket, author=agent, body="On it")
    with at(30):
        sla.sweep()

    assert not SlaReminder.objects.exists()


def test_security_report_reminds_after_45_minutes(security_category, team):
    with at(0):
        ticket = TicketFactory(category=security_category)
    with at(0.75):
        sla.sweep()

    assert ticket.priority == "urgent"
    assert SlaReminder.objects.get().kind == "warning"


def test_resolution_target_is_reminded_after_the_first_response(category, agent, team):
    SlaPolicyFactory(first_response_minutes=60, resolution_minutes=8 * 60)
    with at(0):
        ticket = TicketFactory(category=category)
        services.ticket_reply(ticket=ticket, author=agent, body="Looking")
    with at(6):
        sla.sweep()

    assert list(SlaReminder.objects.values_list("target", "kind")) == [("resolution", "warning")]


def test_waiting_for_the_customer_pauses_reminders(new_ticket, agent):
    with at(1):
        services.ticket_set_status(
            ticket=new_ticket, status=Ticket.Status.PENDING_CUSTOMER, by=agent
        )
    with at(30):
        sla.sweep()

    assert not SlaReminder.objects.exists()
    assert Ticket.objects.get().sla_next_check_at is None


def test_sweep_query_count_does_not_grow_with_tickets(category, team):
    with at(0):
        for _ in range(3):
            TicketFactory(category=category)
    with at(18), CaptureQueriesContext(connection) as few:
        sla.sweep()
    with at(30):
        sla.sweep()
    with at(40):
        for _ in range(12):
            TicketFactory(category=category)
    with at(58), CaptureQueriesContext(connection) as many:
        sla.sweep()

    assert len(many) == len(few)


def test_sla_state_reports_time_left(new_ticket):
    with at(6):
        state = selectors.sla_state(Ticket.objects.get())

    assert (state.state, state.target, state.seconds_left) == ("ok", "first_response", 18 * 3600)


def test_sla_state_is_at_risk_after_75_percent_and_breached_after_the_target(new_ticket):
    ticket = Ticket.objects.get()

    assert selectors.sla_state(ticket, T0 + dt.timedelta(hours=20)).state == "at_risk"
    assert selectors.sla_state(ticket, T0 + dt.timedelta(hours=25)).state == "breached"


def test_at_risk_and_breached_queues(category, team):
    with at(0):
        old = TicketFactory(category=category)
    with at(5):
        risky = TicketFactory(category=category)
    with at(10):
        TicketFactory(category=category)
    now = T0 + dt.timedelta(hours=24)

    agent = team["agents"][0]
    at_risk = console_ticket_list(user=agent, tab=Tab.AT_RISK, filters=QueueFilters(), now=now)
    breached = console_ticket_list(user=agent, tab=Tab.BREACHED, filters=QueueFilters(), now=now)

    assert list(at_risk) == [risky]
    assert list(breached) == [old]


def test_business_hours_policy_counts_only_opening_hours(category):
    SlaPolicyFactory(first_response_minutes=120, business_hours_only=True)
    for weekday in range(5):
        BusinessHours.objects.create(weekday=weekday, opens_at=dt.time(9), closes_at=dt.time(18))
    # Friday 17:00 Shanghai time: one hour on Friday, one on Monday morning.
    friday_5pm = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(friday_5pm, tick=False):
        ticket = TicketFactory(category=category)

    assert ticket.first_response_due_at == dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC)
