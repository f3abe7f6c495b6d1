"""What chat announces to the apps above it, which it must not import (the event log in
``insights`` listens)."""

from django.dispatch import Signal

# A customer started a conversation, or left a message that became a request, from the chat
# (widget or full page). kwargs: request, conversation (started) or ticket (left). Sent by the
# API views after the service returned, so ``request`` tells who the visitor is.
conversation_started = Signal()
message_left = Signal()
