"""Replacing a customer's data in requests and chats by placeholders, shared by erasure (one
customer, everywhere) and retention (old requests and chats, one by one). Rows stay, with their
statuses, times, topics, ratings' scores and ids, so that every metric is unchanged."""

import re
import secrets

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q

from chat.models import ChatAttachment, Conversation, Transfer, new_customer_key
from chat.models import Message as ChatMessage
from email_channel.models import InboundEmail
from privacy.redaction import PLACEHOLDER, placeholder_email, redact_json, redact_text
from tickets.models import (
    Attachment,
    Notification,
    SatisfactionRating,
    Ticket,
    TicketEvent,
    TicketMessage,
)
from webhooks.models import Delivery


def new_token() -> str:
    """Groups one customer's anonymous rows (their requests keep one placeholder address)."""
    return secrets.token_hex(6)


def delete_files_on_commit(names: list[str]) -> None:
    """Remove stored files once the rows naming them are gone for good."""
    names = [n for n in names if n]

    def remove() -> None:
        for name in names:
            default_storage.delete(name)

    if names:
        transaction.on_commit(remove)


def attachments_delete(queryset) -> int:
    """Delete attachment rows and (after commit) their files; their messages keep their text."""
    rows = list(queryset.values_list("pk", "file", "message_id"))
    if not rows:
        return 0
    queryset.model.objects.filter(pk__in=[r[0] for r in rows]).delete()
    delete_files_on_commit([r[1] for r in rows])
    message_model = queryset.model._meta.get_field("message").related_model
    if message_model is ChatMessage:
        # A chat message without text must keep has_attachments (constraint); it says "[erased]".
        ChatMessage.objects.filter(pk__in={r[2] for r in rows}, body="").update(body=PLACEHOLDER)
        ChatMessage.objects.filter(pk__in={r[2] for r in rows}).update(has_attachments=False)
    return len(rows)


def _redact_rows(queryset, fields: list[str], pattern: re.Pattern | None) -> int:
    if pattern is None:
        return 0
    changed = []
    for row in queryset.only("pk", *fields):
        before = [getattr(row, f) for f in fields]
        after = [redact_text(v, pattern) for v in before]
        if before != after:
            for f, v in zip(fields, after, strict=True):
                setattr(row, f, v)
            changed.append(row)
    if changed:
        queryset.model.objects.bulk_update(changed, fields, batch_size=200)
    return len(changed)


def tickets_anonymise(ticket_ids: list[int], *, pattern: re.Pattern | None, token: str) -> int:
    """Placeholders for the customer's part of these requests: name, address, subject,
    numbers, answers, their messages and the rating's comment; identifiers removed from what
    staff wrote; files, raw e-mails and outbox addresses removed. Returns the number of
    requests."""
    if not ticket_ids:
        return 0
    address = placeholder_email(token)
    Ticket.objects.filter(pk__in=ticket_ids).update(
        customer_email=address,
        customer_name=PLACEHOLDER,
        subject=PLACEHOLDER,
        transaction_number="",
        error_message="",
        details={},
        last_message_preview="",
    )
    # New secret links: every link e-mailed to the former address stops working.
    for ticket in Ticket.objects.filter(pk__in=ticket_ids).only("pk"):
        Ticket.objects.filter(pk=ticket.pk).update(portal_key=secrets.token_urlsafe(24))
    TicketMessage.objects.filter(
        ticket_id__in=ticket_ids, author_kind=TicketMessage.AuthorKind.CUSTOMER
    ).update(body=PLACEHOLDER)
    _redact_rows(
        TicketMessage.objects.filter(ticket_id__in=ticket_ids).exclude(
            author_kind=TicketMessage.AuthorKind.CUSTOMER
        ),
        ["body"],
        pattern,
    )
    attachments_delete(Attachment.objects.filter(message__ticket_id__in=ticket_ids))
    SatisfactionRating.objects.filter(ticket_id__in=ticket_ids).update(comment="")
    _redact_rows(
        TicketEvent.objects.filter(ticket_id__in=ticket_ids), ["old_value", "new_value"], pattern
    )
    notifications = Notification.objects.filter(ticket_id__in=ticket_ids, recipient__isnull=True)
    notifications.filter(
        status__in=[Notification.Status.PENDING, Notification.Status.SENDING]
    ).update(status=Notification.Status.FAILED, last_error=PLACEHOLDER)
    notifications.update(recipient_email=address)
    _redact_rows(Notification.objects.filter(ticket_id__in=ticket_ids), ["last_error"], pattern)
    inbound_emails_anonymise(
        InboundEmail.objects.filter(
            Q(ticket_id__in=ticket_ids) | Q(related_ticket_id__in=ticket_ids)
        ),
        pattern=pattern,
    )
    deliveries_redact(Delivery.objects.filter(payload__data__ticket__id__in=ticket_ids), pattern)
    return len(ticket_ids)


def conversations_anonymise(
    conversation_ids: list[int], *, pattern: re.Pattern | None, whole_transcript: bool = False
) -> int:
    """Placeholders for the customer's part of these chats. ``whole_transcript`` (retention):
    every message becomes a placeholder, not only the customer's."""
    if not conversation_ids:
        return 0
    Conversation.objects.filter(pk__in=conversation_ids).update(
        customer_name=PLACEHOLDER, customer_email="", page_url="", rating_comment=""
    )
    for pk in conversation_ids:
        Conversation.objects.filter(pk=pk).update(customer_key=new_customer_key())
    messages = ChatMessage.objects.filter(conversation_id__in=conversation_ids)
    if whole_transcript:
        messages.update(body=PLACEHOLDER)
        messages.filter(sender_kind=ChatMessage.SenderKind.CUSTOMER).update(sender_name=PLACEHOLDER)
    else:
        messages.filter(sender_kind=ChatMessage.SenderKind.CUSTOMER).update(
            body=PLACEHOLDER, sender_name=PLACEHOLDER
        )
        _redact_rows(
            messages.exclude(sender_kind=ChatMessage.SenderKind.CUSTOMER), ["body"], pattern
        )
    attachments_delete(ChatAttachment.objects.filter(message__conversation_id__in=conversation_ids))
    _redact_rows(Transfer.objects.filter(conversation_id__in=conversation_ids), ["note"], pattern)
    deliveries_redact(
        Delivery.objects.filter(payload__data__chat__id__in=conversation_ids), pattern
    )
    return len(conversation_ids)


def inbound_emails_anonymise(queryset, *, pattern: re.Pattern | None) -> int:
    """Incoming mail keeps its status and times; the sender, the subject and the raw message
    go, and the Message-ID is kept only as a hash (it still refuses a second filing)."""
    import hashlib

    count = 0
    for row in queryset.only("pk", "message_id", "reason"):
        digest = hashlib.sha256(row.message_id.encode()).hexdigest()
        message_id = row.message_id if row.message_id.startswith("erased:") else f"erased:{digest}"
        InboundEmail.objects.filter(pk=row.pk).update(
            sender="",
            subject=PLACEHOLDER,
            raw=b"",
            message_id=message_id,
            reason=redact_text(row.reason, pattern),
        )
        count += 1
    return count


def deliveries_redact(queryset, pattern: re.Pattern | None) -> int:
    """Webhook payloads keep their shape; strings naming the customer become placeholders."""
    changed = []
    for delivery in queryset.only("pk", "payload"):
        payload = redact_json(delivery.payload, pattern)
        if payload != delivery.payload:
            delivery.payload = payload
            changed.append(delivery)
    if changed:
        Delivery.objects.bulk_update(changed, ["payload"])
    return len(changed)
