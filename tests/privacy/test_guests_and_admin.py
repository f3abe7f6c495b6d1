"""Guests (requests without an account) are found and erased by their address; the retention
periods are edited in admin; asking for copies is rate limited."""

import logging

import pytest
from django.core import mail

from core.models import AuditEntry
from privacy import services
from privacy.models import RetentionSettings
from privacy.redaction import PLACEHOLDER
from tests.factories import staff_user
from tests.privacy.scan import database_hits
from tests.tickets.factories import TicketFactory
from tickets.models import Ticket

GUEST = "guest.li@example.net"


def test_a_guest_is_erased_by_the_address_of_their_requests(db, django_capture_on_commit_callbacks):
    ticket = TicketFactory(email=GUEST, name="Li Guestname")

    with django_capture_on_commit_callbacks(execute=True):
        result = services.customer_erase(email=GUEST, reason="request")

    assert result.customer_id is None
    assert Ticket.objects.get(pk=ticket.pk).customer_name == PLACEHOLDER
    assert database_hits([GUEST, "Li Guestname"]) == []
    assert mail.outbox[-1].to == [GUEST]
    assert AuditEntry.objects.get(action="data_erased").customer_id is None


def test_the_retention_periods_are_edited_in_admin(client, db):
    client.force_login(staff_user("admin", is_superuser=True))
    RetentionSettings.current()

    response = client.post(
        "/admin/privacy/retentionsettings/1/change/",
        {
            "attachment_days": 90,
            "chat_transcript_days": 180,
            "closed_ticket_days": 365,
            "quarantine_days": 14,
            "export_days": 3,
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 302
    assert RetentionSettings.current().attachment_days == 90


def test_a_retention_run_logs_its_counts(db, caplog):
    with caplog.at_level(logging.INFO, logger="privacy.services.retention"):
        services.retention_apply()

    record = next(r for r in caplog.records if r.getMessage() == "privacy.retention")
    assert record.closed_tickets == 0


@pytest.mark.usefixtures("db")
def test_a_customer_can_ask_for_three_copies_a_day(
    client, customer, django_capture_on_commit_callbacks
):
    client.force_login(customer)
    with django_capture_on_commit_callbacks(execute=False):
        for _ in range(3):
            client.post("/en/privacy/export/")
        response = client.post("/en/privacy/export/", follow=True)

    assert "try again tomorrow" in response.content.decode()
    assert AuditEntry.objects.filter(action="data_export_requested").count() == 3
