"""Outside business hours a security report pages the on-call list by e-mail; during business
hours, or for other topics, nobody is paged."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.core import mail

from core.models import AuditEntry, BusinessHours
from tests.tickets.factories import CategoryFactory, TicketFactory
from wallet.models import OnCallContact

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
MONDAY_3AM = dt.datetime(2026, 11, 30, 3, 0, tzinfo=SHANGHAI)
MONDAY_10AM = dt.datetime(2026, 11, 30, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture
def office_hours(db):
    for weekday in range(5):
        BusinessHours.objects.create(weekday=weekday, opens_at=dt.time(9), closes_at=dt.time(18))
    OnCallContact.objects.create(name="Night shift", email="oncall@wallet.example")
    OnCallContact.objects.create(name="Away", email="away@wallet.example", is_active=False)


def test_a_security_report_at_night_pages_the_on_call_list(
    office_hours, security_topic, django_capture_on_commit_callbacks
):
    with (
        time_machine.travel(MONDAY_3AM, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        ticket = TicketFactory(category=security_topic)

    page = next(m for m in mail.outbox if m.to == ["oncall@wallet.example"])
    assert ticket.reference in page.subject
    assert f"/console/tickets/{ticket.reference}/" in page.body
    assert AuditEntry.objects.filter(action=AuditEntry.Action.PAGED_ON_CALL).exists()


def test_a_security_report_in_business_hours_pages_nobody(
    office_hours, security_topic, django_capture_on_commit_callbacks
):
    with (
        time_machine.travel(MONDAY_10AM, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        TicketFactory(category=security_topic)

    assert not [m for m in mail.outbox if "oncall@wallet.example" in m.to]


def test_another_topic_at_night_pages_nobody(office_hours, django_capture_on_commit_callbacks):
    with (
        time_machine.travel(MONDAY_3AM, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        TicketFactory(category=CategoryFactory(slug="top-up"))

    assert not [m for m in mail.outbox if "oncall@wallet.example" in m.to]


def test_the_page_reaches_a_real_mail_server(
    office_hours, security_topic, smtp_capture, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp_capture.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    with (
        time_machine.travel(MONDAY_3AM, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        ticket = TicketFactory(category=security_topic)

    page = smtp_capture.wait_for(lambda m: m["To"] == "oncall@wallet.example")
    assert ticket.reference in page["Subject"]
