"""What every chat service shares: errors, the seq and message writers, frames after commit,
the queue notifications and assignment."""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop

from chat import events, protocol, selectors
from chat.models import AgentPresence, Conversation, Message
from chat.serialize import agent_ref, conversation_summary, display_name, message_frame

# Per-waiting-conversation position frames are sent for this many at most per change.
QUEUE_NOTIFY_LIMIT = 500


class ChatError(Exception):
    """A refused chat action. ``code`` is a protocol.ErrorCode value or an API error code."""

    def __init__(self, code: str, message: str = "") -> None:
        super().__init__(message or code)
        self.code = code
        self.message = message or code


class NoAgentAvailable(ChatError):
    def __init__(self) -> None:
        super().__init__("no_agent_available", "No agent is available right now.")


class TicketsUnavailable(ChatError):
    def __init__(self) -> None:
        super().__init__("tickets_unavailable", "Requests cannot be created right now.")


@dataclass(frozen=True)
class SendResult:
    message: Message
    duplicate: bool


# --- helpers ------------------------------------------------------------------------------------
def _locked(conversation_id: int, *, related: bool = True) -> Conversation:
    """The conversation with its row locked until the transaction ends (seq, assignment).
    ``related=False`` skips loading agent and topic (the message hot path needs neither)."""
    queryset = Conversation.objects.select_for_update(of=("self",))
    if related:
        queryset = queryset.select_related("agent", "topic")
    try:
        return queryset.get(pk=conversation_id)
    except Conversation.DoesNotExist:
        raise ChatError(protocol.ErrorCode.NOT_FOUND, "No such conversation.") from None


_READ_COLUMNS = {
    Message.SenderKind.CUSTOMER: "customer_read_seq",
    Message.SenderKind.AGENT: "agent_read_seq",
}


def _bump_seq(conversation_id: int, sender_kind: str) -> tuple[int, str, int | None, str] | None:
    """Take the next seq of a conversation in one statement that also locks its row until
    the transaction ends; the writer has read up to their own message. Returns (seq, status,
    agent_id, customer_name), or None when the conversation does not exist. Raw SQL because
    this is the hot path of every message (one round trip, not SELECT FOR UPDATE + UPDATE)."""
    sets = "last_seq = last_seq + 1, updated_at = %s"
    read_column = _READ_COLUMNS.get(sender_kind)
    if read_column:
        sets += f", {read_column} = last_seq + 1"
    sql = (
        f"UPDATE {Conversation._meta.db_table} SET {sets} "  # noqa: S608 - fixed identifiers
        "WHERE id = %s RETURNING last_seq, status, agent_id, customer_name"
    )
    with connection.cursor() as cursor:
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        cursor.execute(sql, [now, conversation_id])
        return cursor.fetchone()


def _store_in_one_statement(
    conversation_id: int,
    *,
    sender_kind: str,
    client_id: str,
    body: str,
    user: AbstractBaseUser | None,
    any_agent: bool,
) -> tuple[Message, str] | None:
    """PostgreSQL in autocommit: take the next seq and insert the message in one statement,
    which is its own transaction (one round trip instead of begin, update, insert, commit).
    Returns (message, conversation status before it), or None when the statement stored
    nothing: no such conversation, closed, an agent not assigned (unless ``any_agent``), or
    ``client_id`` already stored; the caller then takes the general path to say which.

    A resend racing its original fails the unique constraint, which undoes the whole
    statement, seq included; the general path then finds the stored message."""
    conversations, messages = Conversation._meta.db_table, Message._meta.db_table
    read_column = _READ_COLUMNS.get(sender_kind)
    # The writer has read up to their own message.
    set_read = f", {read_column} = last_seq + 1" if read_column else ""
    sql = f"""
        WITH bumped AS (
            UPDATE {conversations}
            SET last_seq = last_seq + 1, updated_at = %(now)s{set_read}
            WHERE id = %(conversation)s AND status <> %(closed)s
              AND (%(any_agent)s OR agent_id = %(user)s)
              AND NOT EXISTS (
                  SELECT 1 FROM {messages}
                  WHERE conversation_id = %(conversation)s AND client_id = %(client_id)s
              )
            RETURNING id, last_seq, status, customer_name
        )
        INSERT INTO {messages} (
            conversation_id, seq, client_id, sender_kind, sender_id, sender_name, body,
            has_attachments, created_at
        )
        SELECT id, last_seq, %(client_id)s, %(kind)s, %(user)s,
               COALESCE(%(sender_name)s, customer_name), %(body)s, false, %(now)s
        FROM bumped
        RETURNING id, seq, sender_name, (SELECT status FROM bumped)
    """  # noqa: S608 - fixed identifiers; every value is a parameter
    now = timezone.now()
    params = {
        "now": now,
        "conversation": conversation_id,
        "closed": Conversation.Status.CLOSED,
        "any_agent": any_agent,
        "user": user.pk if user is not None else None,
        "client_id": client_id,
        "kind": sender_kind,
        "sender_name": display_name(user) if user is not None else None,
        "body": body,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    message_id, seq, sender_name, status = row
    message = Message(
        id=message_id,
        conversation_id=conversation_id,
        seq=seq,
        client_id=client_id,
        sender_kind=sender_kind,
        sender=user,
        sender_name=sender_name,
        body=body,
        has_attachments=False,
        created_at=now,
    )
    events.emit_on_commit(events.conversation_group(conversation_id), message_frame(message))
    return message, status


def _insert_message(
    conversation: Conversation,
    *,
    sender_kind: str,
    body: str,
    client_id: str = "",
    sender: AbstractBaseUser | None = None,
    sender_name: str = "",
) -> Message:
    """Append a message with the next seq and announce it after commit."""
    row = _bump_seq(conversation.pk, sender_kind)
    assert row is not None  # noqa: S101 - the caller holds the conversation
    return _create_message(
        conversation.pk,
        seq=row[0],
        sender_kind=sender_kind,
        body=body,
        client_id=client_id,
        sender=sender,
        sender_name=sender_name,
        conversation=conversation,
    )


def _create_message(
    conversation_id: int,
    *,
    seq: int,
    sender_kind: str,
    body: str,
    client_id: str,
    sender: AbstractBaseUser | None,
    sender_name: str,
    conversation: Conversation | None = None,
) -> Message:
    message = Message.objects.create(
        conversation_id=conversation_id,
        seq=seq,
        client_id=client_id,
        sender_kind=sender_kind,
        sender=sender,
        sender_name=sender_name,
        body=body,
    )
    if conversation is not None:
        # Keep the caller's instance in step with the row (it may be saved again).
        conversation.last_seq = seq
        if sender_kind in _READ_COLUMNS:
            setattr(conversation, _READ_COLUMNS[sender_kind], seq)
    events.emit_on_commit(events.conversation_group(conversation_id), message_frame(message))
    return message


def _system_message(conversation: Conversation, text: str, **params: Any) -> Message:
    """A transcript line in the customer's language ("Agent One joined the chat")."""
    with translation.override(conversation.language):
        body = gettext(text) % params if params else gettext(text)
    return _insert_message(conversation, sender_kind=Message.SenderKind.SYSTEM, body=body)


def _announce_conversation(conversation: Conversation) -> None:
    """The changed conversation to everyone in its group: customers get the customer summary,
    agent sockets the agent summary (with e-mail and page)."""
    events.emit_on_commit(
        events.conversation_group(conversation.pk),
        protocol.conversation_frame(
            conversation=conversation_summary(conversation, for_agent=False)
        ),
        agent_frame=protocol.conversation_frame(
            conversation=conversation_summary(conversation, for_agent=True)
        ),
    )


def _announce_agent_status(user_id: int) -> None:
    def send() -> None:
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.filter(pk=user_id).first()
        if user is None:
            return
        summary = selectors.agent_summary(user)
        events.realtime.send_now(
            events.agent_group(user_id),
            events.event(
                protocol.agent_status_frame(
                    status=summary["status"], active_chats=summary["active_chats"]
                )
            ),
        )

    transaction.on_commit(send, robust=True)


def notify_queue() -> None:
    """After commit: every waiting customer gets their position and wait, agents the queue.

    Computed once at commit time (not per change inside the transaction), so a burst of
    changes in one transaction sends one round of frames.
    """
    pending = transaction.get_connection().run_on_commit
    if any(callback is send_queue_frames for _, callback, _ in pending):
        return
    transaction.on_commit(send_queue_frames, robust=True)


def send_queue_frames() -> None:
    """Send the queue frames now (outside any transaction)."""
    estimator = selectors.wait_estimator()
    available = selectors.agents_available()
    waiting = list(
        selectors.waiting_conversations().values_list("pk", flat=True)[:QUEUE_NOTIFY_LIMIT]
    )
    for position, conversation_id in enumerate(waiting, start=1):
        events.realtime.send_now(
            events.conversation_group(conversation_id),
            events.event(
                protocol.queue_frame(
                    conversation=conversation_id,
                    position=position,
                    estimated_wait_seconds=estimator.seconds_for(position),
                    agents_available=available,
                )
            ),
        )
    events.realtime.send_now(
        events.AGENTS_GROUP,
        events.event(protocol.queue_update_frame(queue=selectors.queue_items())),
    )


def _presence(user: AbstractBaseUser, *, lock: bool = False) -> AgentPresence:
    queryset = AgentPresence.objects.select_for_update() if lock else AgentPresence.objects
    presence, _ = queryset.get_or_create(user=user)
    return presence


def _assign(
    conversation: Conversation,
    agent: AbstractBaseUser,
    *,
    note: str = "",
    from_agent: AbstractBaseUser | None = None,
) -> None:
    """Give a locked conversation to ``agent`` and tell everyone concerned after commit."""
    now = timezone.now()
    conversation.agent = agent
    conversation.status = Conversation.Status.ACTIVE
    conversation.assigned_at = now
    # The new agent has read nothing yet: the console shows the whole thread as unread.
    conversation.agent_read_seq = 0
    conversation.save(
        update_fields=["agent", "status", "assigned_at", "agent_read_seq", "updated_at"]
    )
    AgentPresence.objects.filter(user=agent).update(last_assigned_at=now)
    name = display_name(agent)
    if from_agent is None:
        _system_message(conversation, gettext_noop("%(name)s joined the chat."), name=name)
    else:
        text = gettext_noop("You are now chatting with %(name)s.")
        _system_message(conversation, text, name=name)
    _announce_conversation(conversation)
    events.emit_on_commit(
        events.agent_group(agent.pk),
        protocol.assigned_frame(
            conversation=conversation_summary(conversation, for_agent=True),
            note=note,
            from_agent=agent_ref(from_agent),
        ),
        subscribe=conversation.pk,
    )
    _announce_agent_status(agent.pk)
    notify_queue()
