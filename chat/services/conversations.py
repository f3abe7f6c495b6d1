"""Customers' side of a conversation: start, messages, read receipts, close, rating,
transcript."""

from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from accounts.roles import is_agent, is_supervisor
from chat import events, protocol, selectors
from chat.access import can_act_for
from chat.models import Conversation, Message
from chat.serialize import display_name
from chat.services.base import (
    ChatError,
    NoAgentAvailable,
    SendResult,
    _announce_agent_status,
    _announce_conversation,
    _bump_seq,
    _create_message,
    _insert_message,
    _locked,
    _store_in_one_statement,
    _system_message,
    notify_queue,
)
from chat.services.routing import route_waiting
from core.models import Topic


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
        customer=customer if getattr(customer, "is_authenticated", False) else None,
    )
    _insert_message(
        conversation,
        sender_kind=Message.SenderKind.CUSTOMER,
        body=message,
        client_id=client_id,
        sender_name=conversation.customer_name,
    )
    notify_queue()
    route_waiting()
    conversation.refresh_from_db()
    return conversation


class _ClosedConversation(Exception):
    """Internal: leaves the transaction of message_send for a closed conversation."""


def _stored(conversation_id: int, client_id: str) -> Message | None:
    return Message.objects.filter(conversation_id=conversation_id, client_id=client_id).first()


def message_send(
    *,
    conversation_id: int,
    sender_kind: str,
    client_id: str,
    body: str,
    user: Any = None,
) -> SendResult:
    """Store a message once per (conversation, client_id) with the next seq, then broadcast it
    after commit. A resend of a stored client_id returns the stored message (duplicate=True).
    Agents must be the assigned agent (or a supervisor). Raises ChatError (closed/forbidden)."""
    if sender_kind != Message.SenderKind.AGENT:
        user = None  # a customer's account, if any, is on the conversation
    if connection.vendor == "postgresql" and client_id and not connection.in_atomic_block:
        # The hot path: every live message from a socket comes here.
        try:
            stored = _store_in_one_statement(
                conversation_id,
                sender_kind=sender_kind,
                client_id=client_id,
                body=body,
                user=user,
                any_agent=user is None or is_supervisor(user),
            )
        except IntegrityError:
            stored = None  # a resend that raced its original: found below
        if stored is not None:
            message, status = stored
            if status == Conversation.Status.WAITING:
                notify_queue()  # agents' queue shows the latest preview and unread count
            return SendResult(message=message, duplicate=False)
    try:
        return _message_store(conversation_id, sender_kind, client_id, body, user)
    except (IntegrityError, _ClosedConversation) as refused:
        # The transaction (or savepoint, when called inside one) was rolled back, seq bump
        # included; a resend finds its stored message.
        stored = _stored(conversation_id, client_id)
        if stored is not None:
            return SendResult(message=stored, duplicate=True)
        if isinstance(refused, _ClosedConversation):
            raise ChatError(protocol.ErrorCode.CLOSED, "The conversation is closed.") from None
        raise


@transaction.atomic
def _message_store(
    conversation_id: int, sender_kind: str, client_id: str, body: str, user: Any
) -> SendResult:
    # A resend is rare: the unique (conversation, client_id) constraint finds it (an
    # IntegrityError that undoes this whole transaction) instead of a query on every message.
    row = _bump_seq(conversation_id, sender_kind)
    if row is None:
        raise ChatError(protocol.ErrorCode.NOT_FOUND, "No such conversation.")
    seq, status, agent_id, customer_name = row
    if status == Conversation.Status.CLOSED:
        raise _ClosedConversation
    if sender_kind == Message.SenderKind.AGENT and not (agent_id == user.pk or is_supervisor(user)):
        raise ChatError(protocol.ErrorCode.FORBIDDEN, "You are not assigned to this chat.")
    message = _create_message(
        conversation_id,
        seq=seq,
        sender_kind=sender_kind,
        body=body,
        client_id=client_id,
        sender=user,
        sender_name=display_name(user) if user is not None else customer_name,
    )
    if status == Conversation.Status.WAITING:
        # Agents' queue shows the latest preview and unread count.
        notify_queue()
    return SendResult(message=message, duplicate=False)


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
    if not by_customer and not (is_agent(user) and can_act_for(conversation, user)):
        raise ChatError(protocol.ErrorCode.FORBIDDEN, "You are not assigned to this chat.")
    was_waiting = conversation.status == Conversation.Status.WAITING
    conversation.status = Conversation.Status.CLOSED
    conversation.closed_at = timezone.now()
    conversation.save(update_fields=["status", "closed_at", "updated_at"])
    if by_customer:
        _system_message(conversation, gettext_noop("The customer ended the chat."))
    else:
        _system_message(conversation, gettext_noop("The chat was closed."))
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
def conversation_rate(*, conversation_id: int, score: int, comment: str = "") -> Conversation:
    """Record (or replace) the customer's 1–5 rating and comment."""
    if not 1 <= score <= 5:
        raise ChatError("invalid", "The rating must be between 1 and 5.")
    conversation = _locked(conversation_id)
    conversation.rating_score = score
    conversation.rating_comment = comment.strip()[:2000]
    conversation.rated_at = timezone.now()
    conversation.save(update_fields=["rating_score", "rating_comment", "rated_at", "updated_at"])
    _announce_conversation(conversation)
    return conversation


def transcript_request(*, conversation_id: int, email: str) -> None:
    """Queue the transcript e-mail to ``email`` (sent by Celery after commit)."""
    from chat import tasks

    transaction.on_commit(lambda: tasks.send_transcript.delay(conversation_id, email))
