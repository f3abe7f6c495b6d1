"""Customers' side of a conversation: start, read receipts, close, rating, transcript
(messages: chat.services.messages)."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from accounts import selectors as account_selectors
from accounts.roles import is_agent
from chat import events, protocol, selectors
from chat import signals as chat_signals
from chat.access import can_act_for
from chat.models import Conversation, Message, new_customer_key
from chat.services.base import (
    ChatError,
    NoAgentAvailable,
    _announce_agent_status,
    _announce_conversation,
    _locked,
    notify_queue,
)
from chat.services.messages import message_write, system_line
from chat.services.routing import route_waiting
from core.models import Topic
from tickets import live as inbox_live


@transaction.atomic
def conversation_start(
    *,
    name: str,
    topic: Topic | None,
    message: str,
    email: str = "",
    client_id: str = "",
    page_url: str = "",
    language: str = "zh-hans",
    customer: Any = None,
) -> Conversation:
    """Open a conversation from the pre-chat form with its first message (seq 1), queue it and
    route it at once if an agent has room. Raises NoAgentAvailable when no agent is online or it
    is outside business hours (the widget offers to leave a message instead)."""
    if not selectors.agents_available():
        raise NoAgentAvailable
    conversation = Conversation.objects.create(
        customer_name=name.strip()[:80],
        customer_email=email.strip(),
        topic=topic,
        language="en" if language.startswith("en") else "zh-hans",
        page_url=page_url[:500],
        customer=account_selectors.account_for(customer, email),
    )
    inbox_live.counts_changed_on_commit()  # a new waiting chat
    message_write(
        conversation_id=conversation.pk,
        sender_kind=Message.SenderKind.CUSTOMER,
        body=message,
        client_id=client_id,
        held=conversation,
    )
    chat_signals.announce(conversation, chat_signals.CHAT_QUEUED)
    notify_queue()
    route_waiting()
    conversation.refresh_from_db()
    return conversation


def read_mark(*, conversation_id: int, reader: str, seq: int) -> bool:
    """Move ``reader``'s read-up-to mark forward to ``seq`` (never back, never past the last
    message) and tell the other side. One conditional UPDATE; returns whether it moved."""
    field = "customer_read_seq" if reader == protocol.Role.CUSTOMER else "agent_read_seq"
    with transaction.atomic():
        conversation = (
            Conversation.objects.filter(pk=conversation_id).values("last_seq", field).first()
        )
        if conversation is None:
            return False
        target = min(seq, conversation["last_seq"])
        moved = (
            Conversation.objects.filter(pk=conversation_id, **{f"{field}__lt": target}).update(
                **{field: target}
            )
            > 0
        )
        if moved:
            events.emit_on_commit(
                events.conversation_group(conversation_id),
                protocol.read_frame(conversation=conversation_id, reader=reader, seq=target),
            )
    return moved


@transaction.atomic
def conversation_close(
    *, conversation_id: int, by_customer: bool, user: Any = None
) -> Conversation:
    """Close the chat (idempotent): a system line, the new state to everyone, the agent's slot
    freed for the queue. Agents must be assigned (or supervisors)."""
    conversation = _locked(conversation_id)
    if conversation.status == Conversation.Status.CLOSED:
        return conversation
    if not by_customer and not (
        is_agent(user) and can_act_for(user, assigned_agent_id=conversation.agent_id)
    ):
        raise ChatError(protocol.ErrorCode.FORBIDDEN, "You are not assigned to this chat.")
    was_waiting = conversation.status == Conversation.Status.WAITING
    conversation.status = Conversation.Status.CLOSED
    conversation.closed_at = timezone.now()
    ClosedBy = Conversation.ClosedBy
    conversation.closed_by = ClosedBy.CUSTOMER if by_customer else ClosedBy.AGENT
    conversation.save(update_fields=["status", "closed_at", "closed_by", "updated_at"])
    chat_signals.announce(conversation, chat_signals.CHAT_ENDED, by_customer=by_customer)
    if by_customer:
        system_line(conversation, gettext_noop("The customer ended the chat."))
    else:
        system_line(conversation, gettext_noop("The chat was closed."))
    _announce_conversation(conversation)
    if conversation.agent_id:
        events.emit_on_commit(
            events.agent_group(conversation.agent_id),
            protocol.unassigned_frame(conversation=conversation.pk, reason="closed"),
        )
        _announce_agent_status(conversation.agent_id)
    if was_waiting:
        notify_queue()
    else:
        route_waiting()
    return conversation


@transaction.atomic
def conversation_token_rotate(*, conversation_id: int) -> Conversation:
    """A new customer key: every token issued before is refused from now on (chat.access).
    A closed conversation's token is ended already, so there is nothing to rotate."""
    conversation = _locked(conversation_id, related=False)
    if conversation.status == Conversation.Status.CLOSED:
        raise ChatError(protocol.ErrorCode.CLOSED, "The conversation is closed.")
    conversation.customer_key = new_customer_key()
    conversation.save(update_fields=["customer_key", "updated_at"])
    return conversation


@transaction.atomic
def conversation_rate(*, conversation_id: int, score: int, comment: str = "") -> Conversation:
    """Record (or replace) the customer's 1–5 rating and comment."""
    if not 1 <= score <= 5:
        raise ChatError("invalid", "The rating must be between 1 and 5.")
    conversation = _locked(conversation_id)
    conversation.rating_score = score
    conversation.rating_comment = comment.strip()[:2000]
    conversation.rated_at = timezone.now()
    conversation.save(update_fields=["rating_score", "rating_comment", "rated_at", "updated_at"])
    chat_signals.announce(conversation, chat_signals.CHAT_RATED, score=score)
    _announce_conversation(conversation)
    return conversation


def transcript_request(*, conversation_id: int, email: str) -> None:
    """Queue the transcript e-mail to ``email`` (sent by Celery after commit)."""
    from chat import tasks

    transaction.on_commit(lambda: tasks.send_transcript.delay(conversation_id, email))


def conversations_claim_by_email(*, customer: Any, email: str) -> int:
    """Put the guest chats started with ``email`` (any case) under ``customer``'s account; the
    caller has confirmed that the address is theirs. The number of chats claimed."""
    guests = Conversation.objects.filter(customer__isnull=True, customer_email__iexact=email)
    return guests.update(customer=customer, updated_at=timezone.now())
