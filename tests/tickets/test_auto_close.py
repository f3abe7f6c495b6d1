"""Solved requests nobody reopens close after TICKETS_AUTO_CLOSE_DAYS (beat task, hourly)."""

import datetime as dt

import pytest
import time_machine
from django.core import mail

from helpcenter.celery import app
from tests.tickets.factories import TicketFactory
from tests.tickets.test_emails import send_all
from tickets import services, tasks
from tickets.access import portal_url
from tickets.models import Ticket, TicketEvent

pytestmark = pytest.mark.django_db
Status = Ticket.Status
T0 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)


def solved_at(category, agent, when):
    ticket = TicketFactory(category=category)
    with time_machine.travel(when, tick=False):
        services.ticket_set_status(ticket=ticket, status=Status.SOLVED, by=agent)
    return ticket


def test_requests_solved_more_than_the_setting_ago_close_with_a_system_event(
    category, agent, settings
):
    settings.TICKETS_AUTO_CLOSE_DAYS = 7
    old = solved_at(category, agent, T0)
    recent = solved_at(category, agent, T0 + dt.timedelta(days=3))
    send_all()
    mail.outbox.clear()

    with time_machine.travel(T0 + dt.timedelta(days=7, hours=1), tick=False):
        closed = tasks.close_solved.apply().get()

    old.refresh_from_db()
    recent.refresh_from_db()
    assert closed == 1
    assert old.status == Status.CLOSED
    assert old.closed_at == T0 + dt.timedelta(days=7, hours=1)
    assert recent.status == Status.SOLVED
    event = old.events.filter(kind=TicketEvent.Kind.STATUS).latest("id")
    assert (event.actor, event.old_value, event.new_value) == (None, "solved", "closed")
    send_all()
    assert mail.outbox == []  # closing quietly: the customer had the solved e-mail


def test_a_reopened_request_is_not_closed_and_zero_days_turns_it_off(category, agent, settings):
    settings.TICKETS_AUTO_CLOSE_DAYS = 7
    reopened = solved_at(category, agent, T0)
    services.ticket_reply(ticket=reopened, author=None, body="Still failing, sorry.")
    waiting = solved_at(category, agent, T0)
    later = T0 + dt.timedelta(days=30)

    settings.TICKETS_AUTO_CLOSE_DAYS = 0
    with time_machine.travel(later, tick=False):
        none_closed = services.tickets_close_solved()
    settings.TICKETS_AUTO_CLOSE_DAYS = 7
    with time_machine.travel(later, tick=False):
        one_closed = services.tickets_close_solved()

    assert (none_closed, one_closed) == (0, 1)
    assert Ticket.objects.get(pk=reopened.pk).status == Status.OPEN
    assert Ticket.objects.get(pk=waiting.pk).status == Status.CLOSED


def test_beat_runs_it_hourly():
    schedule = {entry["task"]: entry["schedule"] for entry in app.conf.beat_schedule.values()}

    assert schedule["tickets.close_solved"] == 3600.0


def test_the_portal_says_when_a_solved_request_closes(client, category, agent, settings):
    settings.TICKETS_AUTO_CLOSE_DAYS = 7
    ticket = solved_at(category, agent, T0)
    page = client.get(portal_url(ticket, language="zh-hans", absolute=False))

    assert "请在 7 天内回复" in page.content.decode()
