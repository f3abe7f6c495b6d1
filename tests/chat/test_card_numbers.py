"""Card numbers typed into the chat are stored masked to their last four digits, and the
customer is told so in their language by a system line right after their message."""

import pytest

from chat import services
from chat.models import Message
from tests.chat.factories import ConversationFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_card_number_in_a_chat_message_is_stored_masked(online_agent):
    conversation = ConversationFactory()

    result = services.message_send(
        conversation_id=conversation.pk,
        sender_kind="customer",
        client_id="card-1",
        body="It was charged to 4111 1111 1111 1111 last night",
    )

    stored = Message.objects.get(pk=result.message.pk)
    assert stored.body == "It was charged to **** 1111 last night"
    assert "4111 1111" not in result.message.body


def test_the_customer_is_told_in_their_language_after_the_message(online_agent):
    conversation = ConversationFactory(language="zh-hans")

    result = services.message_send(
        conversation_id=conversation.pk,
        sender_kind="customer",
        client_id="card-2",
        body="卡号 4111111111111111",
    )

    note = Message.objects.get(conversation=conversation, seq=result.message.seq + 1)
    assert note.sender_kind == Message.SenderKind.SYSTEM
    assert note.body.startswith("为了您的安全，我们已隐藏消息中的银行卡号")


def test_a_card_number_in_the_first_message_is_masked_and_noted(online_agent):
    conversation = ConversationFactory(message="My card 5500-0000-0000-0004 was stolen")

    first, note = Message.objects.filter(conversation=conversation).order_by("seq")[:2]

    assert first.body == "My card **** 0004 was stolen"
    assert note.sender_kind == Message.SenderKind.SYSTEM
    assert note.body.startswith("For your safety we hid the card number")


def test_a_message_without_a_card_number_gets_no_note(online_agent):
    conversation = ConversationFactory()

    result = services.message_send(
        conversation_id=conversation.pk,
        sender_kind="customer",
        client_id="plain",
        body="Order TXN-20261122-0003, phone 13800138000",
    )

    conversation.refresh_from_db()
    assert conversation.last_seq == result.message.seq
    assert result.message.body == "Order TXN-20261122-0003, phone 13800138000"
