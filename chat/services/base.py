"""What every chat service shares: errors, the conversation's row lock, and the frames computed
after commit (a conversation's new state, an agent's status, the queue)."""

from dataclasses import dataclass
from typing import Any

from chat import events, protocol, selectors
from chat.models import Conversation, Message
from chat.serialize import conversation_summary
from tickets import live as inbox_live

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
    """A stored message; ``duplicate`` when it was stored before (a resend by client_id)."""

    message: Message
    duplicate: bool = False


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


def _announce_conversation(conversation: Conversation) -> None:
    """The changed conversation to everyone in its group: customers get the customer summary,
    agent sockets the agent summary (with e-mail and page); the staff inbox recounts its
    counters first (every change of a chat's status or agent comes through here)."""
    inbox_live.counts_changed_on_commit()
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
    """After commit: the agent's status and load, read then, to their own sockets."""

    def frames() -> list[tuple[str, dict[str, Any]]]:
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.filter(pk=user_id).first()
        if user is None:
            return []
        summary = selectors.agent_summary(user)
        frame = protocol.agent_status_frame(
            status=summary["status"], active_chats=summary["active_chats"]
        )
        return [(events.agent_group(user_id), frame)]

    events.emit_computed_on_commit(frames)


def notify_queue() -> None:
    """After commit: every waiting customer gets their position and wait, agents the queue.

    Computed once at commit time (not per change inside the transaction), so a burst of
    changes in one transaction sends one round of frames.
    """
    events.emit_computed_on_commit(queue_frames, once_per_commit="chat.queue")


def queue_frames() -> list[tuple[str, dict[str, Any]]]:
    """The queue frames as the committed rows stand: (group, frame) pairs."""
    estimator = selectors.wait_estimator()
    available = selectors.agents_available()
    waiting = list(
        selectors.waiting_conversations().values_list("pk", flat=True)[:QUEUE_NOTIFY_LIMIT]
    )
    frames = [
        (
            events.conversation_group(conversation_id),
            protocol.queue_frame(
                conversation=conversation_id,
                position=position,
                estimated_wait_seconds=estimator.seconds_for(position),
                agents_available=available,
            ),
        )
        for position, conversation_id in enumerate(waiting, start=1)
    ]
    frames.append((events.AGENTS_GROUP, protocol.queue_update_frame(queue=selectors.queue_items())))
    return frames
