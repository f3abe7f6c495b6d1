"""Chat answers the account security desk (``wallet.signals``): which conversation a
(kind, id) names, after the agent access check, and the notices to its customer (system
lines in their language)."""

from typing import Any

from django.db import transaction
from django.dispatch import receiver

from chat import access
from chat.models import Conversation
from chat.services.messages import system_line
from chat.services.security import conversation_ref
from wallet.conversations import ConversationRef
from wallet.signals import conversation_lookup, customer_notify


@receiver(conversation_lookup, dispatch_uid="chat.security_lookup")
def chat_for_security_desk(
    *, kind: str, conversation_id: int, user: Any, **kwargs: Any
) -> ConversationRef | None:
    if kind != "chat":
        return None
    if user is None:
        conversation = (
            Conversation.objects.select_related("topic").filter(pk=conversation_id).first()
        )
    else:
        try:
            conversation = access.conversation_get_for_agent(
                conversation_id=conversation_id, user=user
            )
        except access.ChatAccessDenied:
            return None
    return conversation_ref(conversation) if conversation else None


@receiver(customer_notify, dispatch_uid="chat.security_notice")
def system_line_in_chat(
    *, ref: ConversationRef, text: str, params: dict[str, Any], **kwargs: Any
) -> None:
    if ref.kind != "chat":
        return
    with transaction.atomic():
        conversation = Conversation.objects.select_for_update().get(pk=ref.conversation_id)
        system_line(conversation, text, **params)
