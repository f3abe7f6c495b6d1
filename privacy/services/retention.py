"""Retention: what is older than its period (``RetentionSettings``) is removed in batches:
attachments, chat transcripts, closed requests' personal data, quarantined e-mail and expired
exports. Requests and chats stay as anonymous rows (the metrics keep them)."""

import logging
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from chat.models import ChatAttachment, Conversation
from core.audit import Action, audit_record
from email_channel.models import InboundEmail
from privacy.models import ExportArchive, RetentionSettings
from privacy.redaction import PLACEHOLDER
from privacy.services.anonymise import (
    attachments_delete,
    conversations_anonymise,
    delete_files_on_commit,
    new_token,
    tickets_anonymise,
)
from privacy.subjects import identifier_pattern
from tickets.models import Attachment, Ticket

logger = logging.getLogger(__name__)

BATCH = 200
MAX_BATCHES = 50  # per kind and run: a backlog is worked off over several runs


def _batched(step) -> int:
    total = 0
    for _round in range(MAX_BATCHES):
        with transaction.atomic():
            done = step()
        total += done
        if done < BATCH:
            break
    return total


def _attachments(model: type, cutoff) -> int:
    def step() -> int:
        ids = list(
            model.objects.filter(created_at__lt=cutoff)
            .order_by("pk")
            .values_list("pk", flat=True)[:BATCH]
        )
        return attachments_delete(model.objects.filter(pk__in=ids))

    return _batched(step)


def _closed_tickets(cutoff) -> int:
    def step() -> int:
        rows = list(
            Ticket.objects.filter(status=Ticket.Status.CLOSED, closed_at__lt=cutoff)
            .exclude(customer_name=PLACEHOLDER)
            .order_by("pk")
            .values_list("pk", "customer_email", "customer_name", "transaction_number")[:BATCH]
        )
        for pk, email, name, number in rows:
            tickets_anonymise(
                [pk], pattern=identifier_pattern([email, name, number]), token=new_token()
            )
        return len(rows)

    return _batched(step)


def _chat_transcripts(cutoff) -> int:
    def step() -> int:
        rows = list(
            Conversation.objects.filter(status=Conversation.Status.CLOSED, closed_at__lt=cutoff)
            .exclude(customer_name=PLACEHOLDER)
            .order_by("pk")
            .values_list("pk", "customer_email", "customer_name")[:BATCH]
        )
        for pk, email, name in rows:
            conversations_anonymise(
                [pk], pattern=identifier_pattern([email, name]), whole_transcript=True
            )
        return len(rows)

    return _batched(step)


def _quarantine(cutoff) -> int:
    statuses = [InboundEmail.Status.QUARANTINED, InboundEmail.Status.DISCARDED]

    def step() -> int:
        ids = list(
            InboundEmail.objects.filter(status__in=statuses, received_at__lt=cutoff)
            .order_by("pk")
            .values_list("pk", flat=True)[:BATCH]
        )
        return InboundEmail.objects.filter(pk__in=ids).delete()[0]

    return _batched(step)


def _exports(now) -> int:
    def step() -> int:
        rows = list(
            ExportArchive.objects.filter(expires_at__lt=now)
            .exclude(Q(status=ExportArchive.Status.EXPIRED) & Q(file=""))
            .order_by("pk")
            .values_list("pk", "file")[:BATCH]
        )
        delete_files_on_commit([name for _pk, name in rows])
        ExportArchive.objects.filter(pk__in=[pk for pk, _name in rows]).update(
            status=ExportArchive.Status.EXPIRED, file=""
        )
        return len(rows)

    return _batched(step)


def retention_apply() -> dict[str, int]:
    """Apply every retention period once; returns what was removed, by kind, and writes it to
    the log and the audit log."""
    periods = RetentionSettings.current()
    now = timezone.now()
    counts = {
        "attachments": _attachments(Attachment, now - timedelta(days=periods.attachment_days))
        + _attachments(ChatAttachment, now - timedelta(days=periods.attachment_days)),
        "chat_transcripts": _chat_transcripts(now - timedelta(days=periods.chat_transcript_days)),
        "closed_tickets": _closed_tickets(now - timedelta(days=periods.closed_ticket_days)),
        "quarantined_emails": _quarantine(now - timedelta(days=periods.quarantine_days)),
        "exports": _exports(now),
    }
    logger.info("privacy.retention", extra=counts)
    audit_record(action=Action.RETENTION_RUN, object_type="privacy.retention", detail=counts)
    return counts
