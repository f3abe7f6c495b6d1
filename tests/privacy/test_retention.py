"""Retention: each period removes only what is older than it, in batches, and says how much."""

from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from chat import services as chat_services
from chat.models import ChatAttachment, Conversation
from core.models import AuditEntry
from core.uploads import clean_upload
from email_channel.models import InboundEmail
from privacy import services
from privacy.models import ExportArchive, RetentionSettings
from privacy.redaction import PLACEHOLDER
from tests.chat.factories import ConversationFactory
from tests.privacy.world import unique_png
from tests.tickets.factories import TicketFactory
from tickets import services as ticket_services
from tickets.models import Attachment, Ticket

DAY = timedelta(days=1)


@pytest.fixture
def periods(db):
    return RetentionSettings.objects.create(
        pk=1,
        attachment_days=100,
        chat_transcript_days=200,
        closed_ticket_days=300,
        quarantine_days=30,
    )


@pytest.fixture
def apply(django_capture_on_commit_callbacks):
    def run() -> dict:
        with django_capture_on_commit_callbacks(execute=True):
            return services.retention_apply()

    return run


def ago(days: float) -> time_machine.travel:
    return time_machine.travel(timezone.now() - days * DAY, tick=False)


def stored_path(name: str) -> Path:
    return Path(settings.STORAGES["default"]["OPTIONS"]["location"]) / name


def closed_ticket(days_ago: float, name: str) -> Ticket:
    with ago(days_ago):
        ticket = TicketFactory(name=name)
        ticket_services.ticket_set_status(ticket=ticket, status=Ticket.Status.CLOSED, by=None)
    return ticket


def test_attachments_older_than_their_period_are_deleted_with_their_files(periods, apply):
    with ago(101):
        old = TicketFactory(uploads=[clean_upload(unique_png("old.png"))])
    with ago(99):
        new = TicketFactory(uploads=[clean_upload(unique_png("new.png"))])
    old_file = Attachment.objects.get(message__ticket=old).file.name
    new_file = Attachment.objects.get(message__ticket=new).file.name

    counts = apply()

    assert counts["attachments"] == 1
    assert not Attachment.objects.filter(message__ticket=old).exists()
    assert not stored_path(old_file).exists()
    assert Attachment.objects.filter(message__ticket=new).exists()
    assert stored_path(new_file).exists()


def test_chat_files_follow_the_attachment_period_too(periods, apply, desk_agent):
    with ago(101):
        chat = ConversationFactory()
        chat_services.message_send_files(
            conversation_id=chat.pk,
            sender_kind="customer",
            client_id="old-file",
            body="",
            uploads=[clean_upload(unique_png("old.png"))],
        )

    apply()

    assert not ChatAttachment.objects.filter(message__conversation=chat).exists()
    assert chat.messages.get(client_id="old-file").body == PLACEHOLDER


def test_chat_transcripts_older_than_their_period_become_placeholders(periods, apply, desk_agent):
    with ago(201):
        old = ConversationFactory(name="Old Chatter", message="my card is 4111")
        chat_services.conversation_close(conversation_id=old.pk, by_customer=True)
    with ago(199):
        new = ConversationFactory(name="New Chatter", message="still here")
        chat_services.conversation_close(conversation_id=new.pk, by_customer=True)

    counts = apply()

    assert counts["chat_transcripts"] == 1
    old.refresh_from_db()
    assert (old.customer_name, old.customer_email, old.status) == (PLACEHOLDER, "", "closed")
    assert set(old.messages.values_list("body", flat=True)) == {PLACEHOLDER}
    assert Conversation.objects.get(pk=new.pk).customer_name == "New Chatter"
    assert new.messages.filter(body="still here").exists()


def test_closed_requests_older_than_their_period_lose_their_personal_data(periods, apply):
    old = closed_ticket(301, "Old Customer")
    new = closed_ticket(299, "Recent Customer")

    counts = apply()

    assert counts["closed_tickets"] == 1
    old.refresh_from_db()
    assert (old.customer_name, old.subject, old.status) == (PLACEHOLDER, PLACEHOLDER, "closed")
    assert old.customer_email.endswith("@erased.invalid")
    assert Ticket.objects.get(pk=new.pk).customer_name == "Recent Customer"


def test_open_requests_are_kept_whatever_their_age(periods, apply):
    with ago(400):
        ticket = TicketFactory(name="Patient Customer")

    apply()

    assert Ticket.objects.get(pk=ticket.pk).customer_name == "Patient Customer"


def test_quarantined_mail_older_than_its_period_is_deleted(periods, apply):
    def quarantined(days: float, message_id: str) -> InboundEmail:
        return InboundEmail.objects.create(
            message_id=message_id,
            sender="someone@example.net",
            status=InboundEmail.Status.QUARANTINED,
            raw=b"From: someone@example.net",
            received_at=timezone.now() - days * DAY,
        )

    old = quarantined(31, "<old@example.net>")
    new = quarantined(29, "<new@example.net>")

    counts = apply()

    assert counts["quarantined_emails"] == 1
    assert not InboundEmail.objects.filter(pk=old.pk).exists()
    assert InboundEmail.objects.filter(pk=new.pk).exists()


def test_expired_exports_lose_their_archive(periods, apply, customer):
    from django.core.files.base import ContentFile

    def archive(expires_in: float) -> ExportArchive:
        row = ExportArchive(
            customer_id=customer.pk,
            requested_by=customer,
            by_customer=True,
            original_name="a.zip",
            content_type="application/zip",
            size=2,
            sha256="",
            status=ExportArchive.Status.READY,
            expires_at=timezone.now() + expires_in * DAY,
        )
        row.file.save("archive", ContentFile(b"PK"), save=True)
        return row

    expired, valid = archive(-1), archive(1)
    expired_file = expired.file.name

    counts = apply()

    assert counts["exports"] == 1
    expired.refresh_from_db()
    assert (expired.status, expired.file.name) == ("expired", "")
    assert not stored_path(expired_file).exists()
    assert ExportArchive.objects.get(pk=valid.pk).status == "ready"


def test_a_run_works_through_more_than_one_batch(periods, apply, monkeypatch):
    from privacy.services import retention

    monkeypatch.setattr(retention, "BATCH", 2)
    for number in range(5):
        closed_ticket(301, f"Customer {number}")

    counts = apply()

    assert counts["closed_tickets"] == 5
    assert not Ticket.objects.exclude(customer_name=PLACEHOLDER).exists()


def test_a_run_is_in_the_audit_log_with_its_counts(periods, apply):
    closed_ticket(301, "Old Customer")

    apply()

    entry = AuditEntry.objects.get(action="retention_run")
    assert entry.detail["closed_tickets"] == 1


def test_the_beat_schedule_runs_retention():
    from helpcenter.celery import app

    assert app.conf.beat_schedule["privacy-apply-retention"]["task"] == "privacy.apply_retention"
