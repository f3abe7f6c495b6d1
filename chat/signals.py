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
CHAT_STARTED = "chat.started"  # an agent accepted it (or routing gave it to one)
CHAT_ENDED = "chat.ended"  # payload {"by_customer": true | false}
CHAT_RATED = "chat.rated"  # payload {"score": 1-5}

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
