"""The one writer of chat messages: customer and agent sockets (``message_send``), the HTTP file
upload (``message_send_files``, files checked by core.uploads and kept in private storage), the
first message of a new conversation and system lines (``system_line``) all store through
``message_write``.

The rule, in one place: a message takes the next seq of its conversation (the writer has read
up to it), is stored once per (conversation, client_id), a closed conversation refuses it, and
an agent writes only where ``chat.access.can_act_for`` allows; its ``message`` frame goes to the
conversation's group after commit. On PostgreSQL outside a transaction a plain text message is
stored in one statement (``_store_in_one_statement``), an optimisation behind the same function
that falls back to the general path whenever it stores nothing.
"""

from collections.abc import Callable, Sequence
from functools import wraps
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from accounts.roles import is_supervisor
from chat import events, protocol
from chat.access import can_act_for
from chat.models import ChatAttachment, Conversation, Message
from chat.serialize import display_name, message_frame
from chat.services.base import ChatError, SendResult, notify_queue
from chat.services.security import screen_customer_text
from core import uploads as files_check

_READ_COLUMNS = {
    Message.SenderKind.CUSTOMER: "customer_read_seq",
    Message.SenderKind.AGENT: "agent_read_seq",
}


class _ClosedConversation(Exception):
    """Internal: leaves the savepoint of the general path for a closed conversation."""


def message_send(
    *,
    conversation_id: int,
    sender_kind: str,
    client_id: str,
    body: str,
    user: Any = None,
) -> SendResult:
    """Store a text message from a socket (customer or agent) once per (conversation,
    client_id) with the next seq, then broadcast it after commit.
    A resend of a stored client_id returns the stored message (duplicate=True). Agents must be
    the assigned agent (or a supervisor). Raises ChatError (not_found/closed/forbidden)."""
    return message_write(
        conversation_id=conversation_id,
        sender_kind=sender_kind,
        client_id=client_id,
        body=body,
        user=user,
    )


@transaction.atomic
def message_send_files(
    *,
    conversation_id: int,
    sender_kind: str,
    client_id: str,
    body: str,
    uploads: Sequence[files_check.CleanUpload],
    user: Any = None,
) -> SendResult:
    """Store a message with 1 to 5 accepted files (``core.uploads.clean_upload``) and
    an optional text, once per (conversation, client_id), with the next seq; its ``message``
    frame (files included) is broadcast after commit. A resend of a stored client_id returns
    the stored message (duplicate=True) and stores no file. Agents must be the assigned agent
    (or a supervisor). Raises ChatError (invalid, too_long, not_found, closed, forbidden)."""
    body = body.strip()
    if not uploads or len(uploads) > protocol.MAX_FILES_PER_MESSAGE:
        raise ChatError(
            protocol.ErrorCode.INVALID,
            f"A message carries 1 to {protocol.MAX_FILES_PER_MESSAGE} files.",
        )
    if len(body) > protocol.MAX_BODY_CHARS:
        raise ChatError(
            protocol.ErrorCode.TOO_LONG,
            f"A message can be at most {protocol.MAX_BODY_CHARS} characters.",
        )
    return message_write(
        conversation_id=conversation_id,
        sender_kind=sender_kind,
        client_id=client_id,
        body=body,
        uploads=uploads,
        user=user,
    )


def _screened(write: Callable[..., SendResult]) -> Callable[..., SendResult]:
    """What a customer's message may not keep is taken out before ``message_write`` stores it
    (card numbers, a verification code: ``chat.services.security``), and the system lines
    owed to the customer (the card number was hidden, the code's outcome) follow it."""

    @wraps(write)
    def screened_write(*, body: str, **kwargs: Any) -> SendResult:
        body, notes = screen_customer_text(
            body=body,
            sender_kind=kwargs["sender_kind"],
            conversation_id=kwargs["conversation_id"],
        )
        result = write(body=body, **kwargs)
        if notes and not result.duplicate:
            with transaction.atomic():
                # The caller's locked instance when it holds one, so it stays in step.
                conversation = kwargs.get("held") or Conversation.objects.select_for_update().get(
                    pk=result.message.conversation_id
                )
                for text, params in notes:
                    system_line(conversation, text, **params)
        return result

    return screened_write


@_screened
def message_write(
    *,
    conversation_id: int,
    sender_kind: str,
    body: str,
    client_id: str = "",
    user: Any = None,
    uploads: Sequence[files_check.CleanUpload] = (),
    held: Conversation | None = None,
) -> SendResult:
    """Store a message with the next seq and broadcast it (files included) after commit.

    A resend of a stored client_id returns the stored message (duplicate=True) and stores no
    file. Raises ChatError: not_found, closed, or forbidden (an agent ``can_act_for`` refuses).
    ``held`` is the conversation when the calling service holds its row lock and has decided
    the message belongs there (a system line, the first message of a new conversation): no
    check applies, the queue is not notified, and ``held`` is kept in step with the row."""
    if sender_kind != Message.SenderKind.AGENT:
        user = None  # a customer's account, if any, is on the conversation
    if held is not None:
        return SendResult(message=_store(held.pk, sender_kind, client_id, body, user, held=held))
    if (
        connection.vendor == "postgresql"
        and client_id
        and not uploads
        and not connection.in_atomic_block
    ):
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
            return SendResult(message=message)
    try:
        # A resend is rare: the unique (conversation, client_id) constraint finds it (an
        # IntegrityError that undoes this savepoint, seq bump and files included) instead of a
        # query on every message.
        with transaction.atomic():
            message = _store(conversation_id, sender_kind, client_id, body, user, uploads=uploads)
    except (IntegrityError, _ClosedConversation) as refused:
        stored_before = Message.objects.filter(
            conversation_id=conversation_id, client_id=client_id
        ).first()
        if stored_before is not None:
            return SendResult(message=stored_before, duplicate=True)
        if isinstance(refused, _ClosedConversation):
            raise ChatError(protocol.ErrorCode.CLOSED, "The conversation is closed.") from None
        raise
    return SendResult(message=message)


def system_line(conversation: Conversation, text: str, **params: Any) -> Message:
    """A transcript line in the customer's language ("Agent One joined the chat"), written to
    a conversation the caller holds locked."""
    with translation.override(conversation.language):
        body = gettext(text) % params if params else gettext(text)
    result = message_write(
        conversation_id=conversation.pk,
        sender_kind=Message.SenderKind.SYSTEM,
        body=body,
        held=conversation,
    )
    return result.message


def _store(
    conversation_id: int,
    sender_kind: str,
    client_id: str,
    body: str,
    user: AbstractBaseUser | None,
    *,
    uploads: Sequence[files_check.CleanUpload] = (),
    held: Conversation | None = None,
) -> Message:
    """The general path: bump the seq (locking the row), check, insert, announce."""
    row = _bump_seq(conversation_id, sender_kind)
    if row is None:
        raise ChatError(protocol.ErrorCode.NOT_FOUND, "No such conversation.")
    seq, status, agent_id, customer_name = row
    if held is None:
        if status == Conversation.Status.CLOSED:
            raise _ClosedConversation
        if sender_kind == Message.SenderKind.AGENT and not can_act_for(
            user, assigned_agent_id=agent_id
        ):
            raise ChatError(protocol.ErrorCode.FORBIDDEN, "You are not assigned to this chat.")
    if user is not None:
        sender_name = display_name(user)
    elif sender_kind == Message.SenderKind.CUSTOMER:
        sender_name = customer_name
    else:
        sender_name = ""
    message = Message.objects.create(
        conversation_id=conversation_id,
        seq=seq,
        client_id=client_id,
        sender_kind=sender_kind,
        sender=user,
        sender_name=sender_name,
        body=body,
        has_attachments=bool(uploads),
    )
    files = files_check.store(message, list(uploads), model=ChatAttachment) if uploads else ()
    if held is not None:
        # Keep the caller's instance in step with the row (it may be saved again).
        held.last_seq = seq
        if sender_kind in _READ_COLUMNS:
            setattr(held, _READ_COLUMNS[sender_kind], seq)
    events.emit_on_commit(events.conversation_group(conversation_id), message_frame(message, files))
    if held is None and status == Conversation.Status.WAITING:
        notify_queue()  # agents' queue shows the latest preview and unread count
    return message


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
    nothing: no such conversation, closed, an agent ``can_act_for`` refuses (``any_agent`` or
    ``agent_id = user`` is that rule in SQL), or ``client_id`` already stored; the caller then
    takes the general path to say which.

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
