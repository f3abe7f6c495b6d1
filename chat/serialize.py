"""Model instances → the wire shapes of chat.protocol (summaries, message frames)."""

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.urls import reverse

from chat import protocol
from chat.models import ChatAttachment, Conversation, Message
from core.i18n import localized


def iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def display_name(user: AbstractBaseUser | None) -> str:
    """What customers see for a staff member: the full name, else the username (never e-mail)."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def agent_ref(user: AbstractBaseUser | None) -> dict[str, Any] | None:
    if user is None:
        return None
    return {"id": user.pk, "name": display_name(user)}


def topic_ref(conversation: Conversation, language: str | None = None) -> dict[str, Any] | None:
    topic = conversation.topic
    if topic is None:
        return None
    return {"id": topic.pk, "slug": topic.slug, "name": localized(topic, "name", language)}


def conversation_summary(conversation: Conversation, *, for_agent: bool) -> dict[str, Any]:
    """The conversation summary of docs/chat-protocol.md; agents also get e-mail and page."""
    rating = None
    if conversation.rating_score is not None:
        rating = {"score": conversation.rating_score, "comment": conversation.rating_comment}
    summary: dict[str, Any] = {
        "id": conversation.pk,
        "status": conversation.status,
        "topic": topic_ref(conversation, None if for_agent else conversation.language),
        "customer_name": conversation.customer_name,
        "language": conversation.language,
        "agent": agent_ref(conversation.agent),
        "last_seq": conversation.last_seq,
        "customer_read_seq": conversation.customer_read_seq,
        "agent_read_seq": conversation.agent_read_seq,
        "created_at": iso(conversation.created_at),
        "queued_at": iso(conversation.queued_at),
        "assigned_at": iso(conversation.assigned_at),
        "closed_at": iso(conversation.closed_at),
        "rating": rating,
        "ticket_reference": conversation.ticket_reference,
    }
    if for_agent:
        summary["customer_email"] = conversation.customer_email
        summary["page_url"] = conversation.page_url
    return summary


def attachment_url(conversation_id: int, attachment_id: int) -> str:
    return reverse(
        "chat_api:attachment",
        kwargs={"conversation_id": conversation_id, "attachment_id": attachment_id},
    )


def attachment_ref(attachment: ChatAttachment, conversation_id: int) -> dict[str, Any]:
    return protocol.attachment(
        id=attachment.pk,
        name=attachment.original_name,
        content_type=attachment.content_type,
        size=attachment.size,
        url=attachment_url(conversation_id, attachment.pk),
    )


def message_frame(
    message: Message, attachments: Iterable[ChatAttachment] | None = None
) -> dict[str, Any]:
    """The ``message`` frame. Files come from ``attachments`` when given, else from the
    message (prefetched by the selectors; only messages stored with files are looked at)."""
    if attachments is None:
        attachments = message.attachments.all() if message.has_attachments else ()
    return protocol.message_frame(
        conversation=message.conversation_id,
        id=message.pk,
        seq=message.seq,
        client_id=message.client_id,
        sender=protocol.sender(message.sender_kind, message.sender_name),
        body=message.body,
        attachments=[attachment_ref(a, message.conversation_id) for a in attachments],
        created_at=iso(message.created_at) or "",
    )


def ack_frame(message: Message, *, duplicate: bool) -> dict[str, Any]:
    return protocol.ack_frame(
        conversation=message.conversation_id,
        client_id=message.client_id,
        id=message.pk,
        seq=message.seq,
        created_at=iso(message.created_at) or "",
        duplicate=duplicate,
    )
