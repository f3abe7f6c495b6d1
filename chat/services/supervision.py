"""Supervisor tools on live chats: reassign any chat, watch it read-only, join it beside its
agent, or take it over. Every one is refused (``forbidden``) to anyone who is not a supervisor
(or admin): an agent uses transfer (routing) on their own chats only."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext_noop

from accounts.roles import agent_accounts, is_supervisor
from chat import events, protocol
from chat.models import Conversation, Transfer
from chat.serialize import conversation_summary, display_name
from chat.services.base import ChatError, _announce_agent_status, _locked
from chat.services.messages import system_line
from chat.services.routing import _assign

WATCH = "watch"
JOIN = "join"
TAKE_OVER = "take_over"
REASSIGN = "reassign"


def _require_supervisor(user: AbstractBaseUser) -> None:
    if not is_supervisor(user):
        raise ChatError(protocol.ErrorCode.FORBIDDEN, "Only a supervisor may do this.")


def _tell_supervisor(conversation: Conversation, user: AbstractBaseUser, mode: str) -> None:
    """After commit: the supervisor's sockets subscribe to the chat and open it in ``mode``."""
    events.emit_on_commit(
        events.agent_group(user.pk),
        protocol.supervising_frame(
            conversation=conversation_summary(conversation, for_agent=True), mode=mode
        ),
        subscribe=conversation.pk,
    )


@transaction.atomic
def conversation_watch(*, conversation_id: int, by: AbstractBaseUser) -> Conversation:
    """A supervisor follows a live chat read-only: nobody else is told (their presence shows to
    colleagues as "viewing" like anyone's). The socket sends ``sync`` to load it."""
    _require_supervisor(by)
    conversation = _locked(conversation_id)
    if conversation.status == Conversation.Status.CLOSED:
        raise ChatError(protocol.ErrorCode.CLOSED, "This chat has ended.")
    _tell_supervisor(conversation, by, WATCH)
    return conversation


@transaction.atomic
def conversation_join(*, conversation_id: int, by: AbstractBaseUser) -> Conversation:
    """A supervisor joins an active chat beside its agent: a system line tells the customer (and
    the agent) who joined; both may write, the chat stays the agent's."""
    _require_supervisor(by)
    conversation = _locked(conversation_id)
    if conversation.status != Conversation.Status.ACTIVE:
        raise ChatError("not_active", "Only an active chat can be joined.")
    if conversation.agent_id == by.pk:
        raise ChatError(protocol.ErrorCode.INVALID, "This chat is already yours.")
    system_line(
        conversation, gettext_noop("%(name)s (supervisor) joined the chat."), name=display_name(by)
    )
    _tell_supervisor(conversation, by, JOIN)
    return conversation


@transaction.atomic
def conversation_take_over(*, conversation_id: int, by: AbstractBaseUser) -> Conversation:
    """A supervisor takes a chat (active or waiting) for themselves: its agent is told
    (``unassigned`` with reason ``taken_over``) and the chat leaves their list; the customer
    reads "You are now chatting with <supervisor>"."""
    _require_supervisor(by)
    conversation = _locked(conversation_id)
    if conversation.status == Conversation.Status.CLOSED:
        raise ChatError(protocol.ErrorCode.CLOSED, "This chat has ended.")
    if conversation.agent_id == by.pk:
        raise ChatError(protocol.ErrorCode.INVALID, "This chat is already yours.")
    _hand_over(conversation, to=by, by=by, reason="taken_over")
    return conversation


@transaction.atomic
def conversation_reassign(
    *, conversation_id: int, by: AbstractBaseUser, to_agent_id: int, note: str = ""
) -> Conversation:
    """A supervisor gives any chat, active or waiting, to another agent, online or not (they
    see it when their console connects); the previous agent gets ``unassigned`` (reassigned).
    Capacity does not apply: it is a supervisor's decision."""
    _require_supervisor(by)
    conversation = _locked(conversation_id)
    if conversation.status == Conversation.Status.CLOSED:
        raise ChatError(protocol.ErrorCode.CLOSED, "This chat has ended.")
    target = agent_accounts().filter(pk=to_agent_id).first()
    if target is None or target.pk == conversation.agent_id:
        raise ChatError("agent_unavailable", "That agent cannot take the chat.")
    _hand_over(conversation, to=target, by=by, reason="reassigned", note=note)
    return conversation


def _hand_over(
    conversation: Conversation,
    *,
    to: AbstractBaseUser,
    by: AbstractBaseUser,
    reason: str,
    note: str = "",
) -> None:
    previous = conversation.agent
    note = note.strip()[:2000]
    if previous is not None:
        Transfer.objects.create(
            conversation=conversation, from_agent=previous, to_agent=to, note=note
        )
        events.emit_on_commit(
            events.agent_group(previous.pk),
            protocol.unassigned_frame(conversation=conversation.pk, reason=reason),
        )
        _announce_agent_status(previous.pk)
    # From the queue it is a first assignment ("joined the chat"); else a hand-over.
    _assign(conversation, to, note=note, from_agent=previous, by=by, reason=reason)
