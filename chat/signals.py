"""What chat tells the apps above it, which it must not import (README, Architecture).

``conversation_started`` and ``message_left`` are sent by the chat API's views after the service
returned, so ``request`` tells who the visitor is (the ``insights`` event log).

``chat_event`` is sent from inside the service's transaction, right where the change is made,
so a receiver that writes rows (webhooks' outbox) commits or rolls back with the change.
Keyword arguments: ``conversation`` (the ``Conversation`` as the service holds it, change
applied), ``conversation_id``, ``event`` (one of the names below) and ``payload`` (a small
JSON-ready dict). docs/webhooks.md lists the events and their payloads.
"""

from typing import Any

from django.dispatch import Signal

CHAT_QUEUED = "chat.queued"  # a customer started a chat; it waits for an agent
# An agent accepted it, routing gave it to one, or a supervisor did; payload {"agent_id": ...,
# "by_id": who did it (the agent who accepted, a supervisor; None for routing)}.
CHAT_STARTED = "chat.started"
CHAT_ENDED = "chat.ended"  # payload {"by_customer": true | false}
CHAT_RATED = "chat.rated"  # payload {"score": 1-5}

# An active or waiting chat changed hands: transferred by its agent, taken over or reassigned
# by a supervisor. payload {"agent_id", "from_agent_id", "by_id", "reason": "transferred" |
# "taken_over" | "reassigned"}. Not a webhook event (workspace's notifications use it).
CHAT_HANDED_OVER = "chat.handed_over"

EVENTS = (CHAT_QUEUED, CHAT_STARTED, CHAT_ENDED, CHAT_RATED)

chat_event = Signal()


def announce(conversation: Any, event: str, **payload: Any) -> None:
    """Send ``chat_event`` for ``conversation``; call it inside the service's transaction."""
    chat_event.send(
        sender=type(conversation),
        conversation=conversation,
        conversation_id=conversation.pk,
        event=event,
        payload=payload,
    )


# A customer started a conversation, or left a message that became a request, from the chat
# (widget or full page). kwargs: request, conversation (started) or ticket (left). Sent by the
# API views after the service returned, so ``request`` tells who the visitor is.
conversation_started = Signal()
message_left = Signal()
