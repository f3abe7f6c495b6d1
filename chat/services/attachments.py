"""Messages with files: stored like a text message (next seq, unique client id, frame after
commit), with their files checked by core.uploads and kept in private storage."""

from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, transaction

from accounts.roles import is_supervisor
from chat import events, protocol
from chat.models import ChatAttachment, Conversation, Message
from chat.serialize import display_name, message_frame
from chat.services.base import ChatError, SendResult, _bump_seq, notify_queue
from core import uploads as files_check


class _ClosedConversation(Exception):
    """Internal: leaves the savepoint for a closed conversation."""


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
    if sender_kind != Message.SenderKind.AGENT:
        user = None  # a customer's account, if any, is on the conversation
    try:
        # As message_send: the unique (conversation, client_id) constraint finds a resend, and
        # the savepoint undoes the seq bump, the insert and the files' rows.
        with transaction.atomic():
            row = _bump_seq(conversation_id, sender_kind)
            if row is None:
                raise ChatError(protocol.ErrorCode.NOT_FOUND, "No such conversation.")
            seq, status, agent_id, customer_name = row
            if status == Conversation.Status.CLOSED:
                raise _ClosedConversation
            if sender_kind == Message.SenderKind.AGENT and not (
                agent_id == user.pk or is_supervisor(user)
            ):
                raise ChatError(protocol.ErrorCode.FORBIDDEN, "You are not assigned to this chat.")
            message = Message.objects.create(
                conversation_id=conversation_id,
                seq=seq,
                client_id=client_id,
                sender_kind=sender_kind,
                sender=user,
                sender_name=display_name(user) if user is not None else customer_name,
                body=body,
                has_attachments=True,
            )
            stored = files_check.store(message, list(uploads), model=ChatAttachment)
    except (IntegrityError, _ClosedConversation) as refused:
        duplicate = Message.objects.filter(
            conversation_id=conversation_id, client_id=client_id
        ).first()
        if duplicate is not None:
            return SendResult(message=duplicate, duplicate=True)
        if isinstance(refused, _ClosedConversation):
            raise ChatError(protocol.ErrorCode.CLOSED, "The conversation is closed.") from None
        raise
    events.emit_on_commit(
        events.conversation_group(conversation_id), message_frame(message, stored)
    )
    if status == Conversation.Status.WAITING:
        notify_queue()
    return SendResult(message=message, duplicate=False)
