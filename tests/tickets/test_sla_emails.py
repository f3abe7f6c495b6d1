"""Who gets the SLA e-mails, and when: a reminder only while it can still help, to the
assignee or to the agents at work, escalations to supervisors; subjects read back exactly."""

import datetime as dt
from email import message_from_bytes, policy

import pytest
import time_machine

from chat.models import AgentPresence
from tests.chat.factories import PresenceFactory
from tests.factories import staff_user
from tests.tickets.factories import TicketFactory
from tickets import notifications, sla
from tickets.models import Notification

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)


def at(hours: float):
    return time_machine.travel(T0 + dt.timedelta(hours=hours), tick=False)


def recipients(kind: str) -> list[str]:
    rows = Notification.objects.filter(kind=kind).values_list("recipient_email", flat=True)
    return sorted(rows)


@pytest.fixture
def floor(db):
    return {
        "online": staff_user("agent", email="online@example.com"),
        "away": staff_user("agent", email="away@example.com"),
        "supervisor": staff_user("supervisor", email="supervisor@example.com"),
        "admin": staff_user("admin", email="admin@example.com"),
    }


@pytest.fixture
def ticket(category, floor):
    with at(0):
        return TicketFactory(category=category, subject="充值没有到账", language="zh-hans")


def test_an_unassigned_reminder_goes_to_the_agents_online_now(ticket, floor):
    PresenceFactory(user=floor["online"])
    PresenceFactory(user=floor["away"], status=AgentPresence.Status.AWAY)

    with at(18):
        sla.sweep()

    assert recipients(Notification.Kind.SLA_WARNING) == ["online@example.com"]


def test_with_nobody_online_every_agent_is_reminded(ticket, floor):
    with at(18):
        sla.sweep()

    assert recipients(Notification.Kind.SLA_WARNING) == sorted(u.email for u in floor.values())


def test_no_reminder_once_the_target_has_passed_only_the_escalation(ticket, floor):
    PresenceFactory(user=floor["online"])

    with at(25):
        sla.sweep()

    assert recipients(Notification.Kind.SLA_WARNING) == []
    assert recipients(Notification.Kind.SLA_BREACH) == [
        "admin@example.com",
        "supervisor@example.com",
    ]


def test_chinese_subjects_read_back_without_a_stray_space(ticket, floor):
    with at(25):
        sla.sweep()
    breach = Notification.objects.filter(kind=Notification.Kind.SLA_BREACH).first()
    breach.language = "zh-hans"

    raw = notifications.build_email(breach).message().as_bytes()

    subject = message_from_bytes(raw, policy=policy.default)["Subject"]
    assert subject.startswith(f"[{ticket.reference}] ")
    assert subject.endswith("：充值没有到账") or subject.endswith(": 充值没有到账")
    assert "  " not in subject
