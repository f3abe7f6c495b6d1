"""A customer's data as one zip: ``data.json`` (every record, by kind) and ``files/`` (their
attachments). Built by ``customer_export`` for the console, the command line and the
customer's own request (stored as an ``ExportArchive``)."""

import hashlib
import io
import json
import zipfile
from typing import Any, BinaryIO

from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from accounts.models import CustomerProfile, EmailVerification, WalletIdentity
from chat.models import ChatAttachment, Conversation
from chat.models import Message as ChatMessage
from core.audit import Action, audit_record
from core.models import AuditEntry, StoredFile
from email_channel.models import InboundEmail
from insights.models import Event
from privacy.models import ExportArchive, RetentionSettings
from privacy.subjects import Subject, subject_find
from tickets.models import Attachment, SatisfactionRating, Ticket, TicketMessage
from wallet.models import AccountFreeze, ClosureRequest, FreezeRequest, Verification

FORMAT_VERSION = 1


def _file_entry(stored: StoredFile, folder: str) -> dict[str, Any]:
    return {
        "name": stored.original_name,
        "content_type": stored.content_type,
        "size": stored.size,
        "sha256": stored.sha256,
        "path": f"files/{folder}/{stored.pk}-{stored.original_name}",
    }


def _account(subject: Subject) -> dict[str, Any] | None:
    user = subject.user
    if user is None:
        return None
    profile = CustomerProfile.objects.filter(user=user).first()
    identity = WalletIdentity.objects.filter(user=user).first()
    return {
        "id": user.pk,
        "username": user.get_username(),
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "language": profile.language if profile else "",
        "email_confirmed_at": profile.email_verified_at if profile else None,
        "email_confirmations": list(
            EmailVerification.objects.filter(user=user).values(
                "email", "purpose", "status", "created_at"
            )
        ),
        "wallet": (
            {
                "wallet_user_id": identity.wallet_user_id,
                "phone": identity.phone,
                "last_signed_in_at": identity.last_signed_in_at,
            }
            if identity
            else None
        ),
    }


def _tickets(subject: Subject, files: list[tuple[StoredFile, str]]) -> list[dict[str, Any]]:
    out = []
    tickets = (
        Ticket.objects.filter(pk__in=subject.ticket_ids)
        .select_related("category")
        .order_by("created_at")
    )
    ratings = {
        r.ticket_id: r for r in SatisfactionRating.objects.filter(ticket_id__in=subject.ticket_ids)
    }
    messages: dict[int, list] = {}
    # Internal notes are the staff's working notes, not the customer's data (docs/privacy.md).
    for message in TicketMessage.objects.filter(ticket_id__in=subject.ticket_ids, internal=False):
        messages.setdefault(message.ticket_id, []).append(message)
    attachments: dict[int, list] = {}
    for attachment in Attachment.objects.filter(
        message__ticket_id__in=subject.ticket_ids, message__internal=False
    ):
        attachments.setdefault(attachment.message_id, []).append(attachment)
    for ticket in tickets:
        rating = ratings.get(ticket.pk)
        entries = []
        for message in messages.get(ticket.pk, []):
            stored = attachments.get(message.pk, [])
            files.extend((a, f"tickets/{ticket.reference}") for a in stored)
            entries.append(
                {
                    "at": message.created_at,
                    "from": message.author_kind,
                    "text": message.body,
                    "attachments": [_file_entry(a, f"tickets/{ticket.reference}") for a in stored],
                }
            )
        out.append(
            {
                "reference": ticket.reference,
                "created_at": ticket.created_at,
                "status": ticket.status,
                "topic": ticket.category.slug,
                "source": ticket.source,
                "language": ticket.language,
                "name": ticket.customer_name,
                "email": ticket.customer_email,
                "subject": ticket.subject,
                "transaction_number": ticket.transaction_number,
                "error_message": ticket.error_message,
                "details": ticket.details,
                "solved_at": ticket.solved_at,
                "closed_at": ticket.closed_at,
                "messages": entries,
                "rating": (
                    {"score": rating.score, "comment": rating.comment, "at": rating.updated_at}
                    if rating
                    else None
                ),
            }
        )
    return out


def _chats(subject: Subject, files: list[tuple[StoredFile, str]]) -> list[dict[str, Any]]:
    out = []
    conversations = (
        Conversation.objects.filter(pk__in=subject.conversation_ids)
        .select_related("topic")
        .order_by("created_at")
    )
    messages: dict[int, list] = {}
    for message in ChatMessage.objects.filter(conversation_id__in=subject.conversation_ids):
        messages.setdefault(message.conversation_id, []).append(message)
    attachments: dict[int, list] = {}
    for attachment in ChatAttachment.objects.filter(
        message__conversation_id__in=subject.conversation_ids
    ):
        attachments.setdefault(attachment.message_id, []).append(attachment)
    for chat in conversations:
        entries = []
        for message in messages.get(chat.pk, []):
            stored = attachments.get(message.pk, [])
            files.extend((a, f"chats/{chat.pk}") for a in stored)
            entries.append(
                {
                    "at": message.created_at,
                    "from": message.sender_kind,
                    "name": message.sender_name,
                    "text": message.body,
                    "attachments": [_file_entry(a, f"chats/{chat.pk}") for a in stored],
                }
            )
        out.append(
            {
                "id": chat.pk,
                "created_at": chat.created_at,
                "closed_at": chat.closed_at,
                "status": chat.status,
                "topic": chat.topic.slug if chat.topic_id else None,
                "name": chat.customer_name,
                "email": chat.customer_email,
                "page_url": chat.page_url,
                "rating": (
                    {
                        "score": chat.rating_score,
                        "comment": chat.rating_comment,
                        "at": chat.rated_at,
                    }
                    if chat.rating_score
                    else None
                ),
                "ticket": chat.ticket_reference,
                "messages": entries,
            }
        )
    return out


def _conversation_rows(model: type, subject: Subject, fields: list[str]) -> list[dict[str, Any]]:
    query = model.objects.filter(kind="ticket", conversation_id__in=subject.ticket_ids)
    query |= model.objects.filter(kind="chat", conversation_id__in=subject.conversation_ids)
    if subject.customer_id is not None:
        query |= model.objects.filter(customer_id=subject.customer_id)
    return list(query.distinct().order_by("pk").values(*fields))


def export_data(subject: Subject) -> tuple[dict[str, Any], list[tuple[StoredFile, str]]]:
    """The archive's ``data.json`` content and the files that go with it."""
    files: list[tuple[StoredFile, str]] = []
    audit = AuditEntry.objects.none()
    if subject.customer_id is not None:
        audit = AuditEntry.objects.filter(customer_id=subject.customer_id).order_by("created_at")
    events = Event.objects.none()
    if subject.customer_id is not None:
        events = Event.objects.filter(visitor=f"account:{subject.customer_id}").order_by("at")
    data = {
        "format": FORMAT_VERSION,
        "generated_at": timezone.now(),
        "customer": {"id": subject.customer_id, "emails": sorted(subject.emails)},
        "account": _account(subject),
        "tickets": _tickets(subject, files),
        "chats": _chats(subject, files),
        "verifications": _conversation_rows(
            Verification,
            subject,
            ["kind", "wallet_user_id", "method", "requested_at", "verified_at"],
        ),
        "freezes": _conversation_rows(
            AccountFreeze,
            subject,
            ["kind", "wallet_user_id", "reason", "frozen_at", "unfrozen_at", "unfreeze_reason"],
        ),
        "freeze_requests": _conversation_rows(
            FreezeRequest, subject, ["kind", "status", "requested_at", "applied_at", "address"]
        ),
        "closures": _conversation_rows(
            ClosureRequest,
            subject,
            [
                "kind",
                "wallet_user_id",
                "reasons",
                "comment",
                "status",
                "requested_at",
                "confirmed_at",
                "completed_at",
                "cancelled_at",
            ],
        ),
        "emails": list(
            InboundEmail.objects.filter(ticket_id__in=subject.ticket_ids)
            .order_by("received_at")
            .values("received_at", "sender", "subject", "status")
        ),
        # Staff ids and addresses are the staff's data: the customer sees what was done, when.
        "audit": [
            {
                "at": e.created_at,
                "action": e.action,
                "object_type": e.object_type,
                "object_id": e.object_id,
                "detail": e.detail,
            }
            for e in audit
        ],
        "events": list(
            events.values("at", "kind", "channel", "ticket_id", "conversation_id", "article_id")
        ),
    }
    return data, files


def write_archive(subject: Subject, out: BinaryIO) -> dict[str, int]:
    """Write the zip to ``out``; returns how many records of each kind it holds."""
    data, files = export_data(subject)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "data.json", json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        )
        for stored, folder in files:
            with stored.file.open("rb") as handle:
                archive.writestr(_file_entry(stored, folder)["path"], handle.read())
    return {
        "tickets": len(data["tickets"]),
        "chats": len(data["chats"]),
        "files": len(files),
        "audit": len(data["audit"]),
    }


def export_audited(
    subject: Subject, out: BinaryIO, *, actor: Any, request: Any, channel: str
) -> dict[str, int]:
    counts = write_archive(subject, out)
    audit_record(
        action=Action.DATA_EXPORTED,
        actor=actor,
        request=request,
        object_type="privacy.export",
        customer_id=subject.customer_id,
        detail={"channel": channel, **counts},
    )
    return counts


def customer_export(
    *,
    out: BinaryIO,
    email: str = "",
    user: Any = None,
    wallet_user_id: str = "",
    actor: Any = None,
    request: Any = None,
    channel: str = "command",
) -> dict[str, int]:
    """Write the archive of the customer named by ``email``, ``user`` or ``wallet_user_id``
    to ``out`` and record the export in the audit log. Raises ``SubjectNotFound``."""
    subject = subject_find(email=email, user=user, wallet_user_id=wallet_user_id)
    return export_audited(subject, out, actor=actor, request=request, channel=channel)


@transaction.atomic
def export_archive_create(
    *, email: str = "", wallet_user_id: str = "", actor: Any, request: Any = None
) -> ExportArchive:
    """A supervisor's export, kept in private storage for the console to hand out."""
    subject = subject_find(email=email, wallet_user_id=wallet_user_id)
    buffer = io.BytesIO()
    export_audited(subject, buffer, actor=actor, request=request, channel="console")
    archive = ExportArchive(
        customer_id=subject.customer_id,
        requested_by=actor,
        expires_at=ExportArchive.expiry(RetentionSettings.current().export_days),
    )
    return store_archive(archive, buffer.getvalue())


def store_archive(archive: ExportArchive, content: bytes) -> ExportArchive:
    """Save ``content`` as the archive's file (private storage) and mark it ready."""
    archive.original_name = f"helpcenter-data-{timezone.now():%Y%m%d}.zip"
    archive.content_type = "application/zip"
    archive.size = len(content)
    archive.sha256 = hashlib.sha256(content).hexdigest()
    archive.status = ExportArchive.Status.READY
    archive.file.save("archive", ContentFile(content), save=False)
    archive.save()
    return archive
