"""Chats that become tickets: a message left when no agent could answer, and an agent's
conversion of a conversation."""

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext

from accounts.roles import is_agent
from chat import protocol
from chat.models import Conversation
from chat.services.base import ChatError, TicketsUnavailable, _announce_conversation, _locked
from chat.services.conversations import conversation_close
from chat.transcripts import transcript_text
from core.models import Topic
from tickets import services as ticket_services


def _fallback_category(topic: Topic | None) -> Topic:
    category = topic or Topic.objects.filter(is_active=True).order_by("position", "id").first()
    if category is None:
        raise TicketsUnavailable
    return category


@transaction.atomic
def leave_message(
    *,
    name: str,
    email: str,
    topic: Topic | None,
    message: str,
    language: str,
    transaction_number: str = "",
    conversation: Conversation | None = None,
    customer: Any = None,
) -> Any:
    """No agent could answer: turn the customer's message into a ticket (source chat). With a
    started conversation its transcript is attached and the conversation closed."""
    ticket_create = ticket_services.ticket_create
    description = message.strip()
    if conversation is not None:
        with translation.override(conversation.language):
            heading = gettext("Chat transcript")
        description = f"{description}\n\n--- {heading} ---\n{transcript_text(conversation)}"
    with translation.override(language):
        subject = gettext("Message left in the chat: %(topic)s") % {
            "topic": _fallback_category(topic).name_en
            if language.startswith("en")
            else _fallback_category(topic).name_zh_hans
        }
    ticket = ticket_create(
        category=_fallback_category(topic),
        subject=subject,
        description=description,
        email=email,
        name=name,
        language=language,
        customer=customer,
        transaction_number=transaction_number,
        source="chat",
    )
    if conversation is not None:
        locked = _locked(conversation.pk)
        locked.ticket_reference = ticket.reference
        locked.save(update_fields=["ticket_reference", "updated_at"])
        conversation_close(conversation_id=locked.pk, by_customer=True)
    return ticket


@transaction.atomic
def conversation_convert(*, conversation_id: int, user: AbstractBaseUser) -> Any:
    """An agent turns the conversation into a ticket with the transcript as its description.
    Needs the customer's e-mail (from the form or their account); idempotent per conversation."""
    if not is_agent(user):
        raise ChatError(protocol.ErrorCode.FORBIDDEN, "Agents only.")
    conversation = _locked(conversation_id)
    if conversation.ticket_reference:
        raise ChatError("already_converted", conversation.ticket_reference)
    email = conversation.customer_email or getattr(conversation.customer, "email", "")
    if not email:
        raise ChatError("no_email", "The customer left no e-mail address.")
    ticket_create = ticket_services.ticket_create
    category = _fallback_category(conversation.topic)
    with translation.override(conversation.language):
        subject = gettext("Live chat with %(name)s") % {"name": conversation.customer_name}
    ticket = ticket_create(
        category=category,
        subject=subject,
        description=transcript_text(conversation),
        email=email,
        name=conversation.customer_name,
        language=conversation.language,
        customer=conversation.customer,
        source="chat",
    )
    conversation.ticket_reference = ticket.reference
    conversation.save(update_fields=["ticket_reference", "updated_at"])
    _announce_conversation(conversation)
    return ticket
