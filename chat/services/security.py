"""Chat's side of the account security desk (``wallet``, below chat): what a customer's
message may not keep (card numbers, a verification code), and the conversation as the desk
names it.

A customer answers a verification request by typing the 6-digit code into the composer: while
a code is pending in the conversation, a message that is exactly 6 digits is checked as the
code and stored as ``••••••`` (the code is not kept), and a system line tells the outcome."""

from typing import Any

from django.urls import reverse

from chat.models import Conversation, Message
from core.cards import CARD_NUMBER_NOTE, mask_card_numbers
from wallet import selectors as wallet_selectors
from wallet import services as security
from wallet.conversations import ConversationRef

HIDDEN_CODE = "••••••"
Note = tuple[str, dict[str, Any]]


def conversation_ref(conversation: Conversation) -> ConversationRef:
    """The conversation as the security desk names it."""
    topic = conversation.topic
    return ConversationRef(
        kind="chat",
        conversation_id=conversation.pk,
        customer_id=conversation.customer_id,
        email=conversation.customer_email,
        language=conversation.language,
        topic_slug=topic.slug if topic else "",
        is_security=bool(topic and topic.is_security),
        label=f"#{conversation.pk}",
        console_url=reverse("wallet_console:conversation", args=["chat", conversation.pk]),
        wallet_signed_in=wallet_selectors.signed_in_from_wallet(conversation.customer_id),
    )


def screen_customer_text(
    *, body: str, sender_kind: str, conversation_id: int
) -> tuple[str, list[Note]]:
    """``body`` as it may be stored, and the system lines owed to the customer after it."""
    body, card_found = mask_card_numbers(body)
    if sender_kind != Message.SenderKind.CUSTOMER:
        return body, []
    notes: list[Note] = [(CARD_NUMBER_NOTE, {})] if card_found else []
    code = body.strip()
    if security.CODE_RE.fullmatch(code):
        conversation = Conversation.objects.select_related("topic").get(pk=conversation_id)
        outcome, tries = security.verification_check(
            ref=conversation_ref(conversation), code=code, notify=False
        )
        if outcome != security.Outcome.NOT_PENDING:
            body = HIDDEN_CODE
            notes.append(security.outcome_note(outcome, tries))
    return body, notes
