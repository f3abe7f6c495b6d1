"""A chat customer answers a verification request by typing the code into the composer: the
code is checked, not kept, and a system line tells the outcome; the agent then sees the
transactions."""

import re

import pytest
from django.core import mail

from chat import services
from chat.models import Message
from chat.services.security import conversation_ref
from tests.chat.factories import ConversationFactory, TopicFactory
from tests.wallet.factories import DemoAccountFactory
from wallet import services as security

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def chat(online_agent):
    DemoAccountFactory(email="emma.clark@example.com")
    topic = TopicFactory(slug="account-security", is_security=True)
    return ConversationFactory(email="emma.clark@example.com", topic=topic, language="en")


def _send(conversation, body, client_id):
    return services.message_send(
        conversation_id=conversation.pk, sender_kind="customer", client_id=client_id, body=body
    )


def _code_sent(conversation, agent) -> str:
    security.verification_request(ref=conversation_ref(conversation), agent=agent, channel="sms")
    return re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)


def test_the_code_request_is_announced_in_the_chat(chat, online_agent):
    _code_sent(chat, online_agent)

    line = Message.objects.filter(conversation=chat, sender_kind="system").last()
    assert line.body.startswith("To protect your account we sent a 6-digit verification code")


def test_the_right_code_typed_in_the_chat_verifies_and_is_not_kept(chat, online_agent):
    code = _code_sent(chat, online_agent)

    result = _send(chat, code, "code-1")

    assert Message.objects.get(pk=result.message.pk).body == "••••••"
    assert security.is_verified(conversation_ref(chat))
    line = Message.objects.get(conversation=chat, seq=result.message.seq + 1)
    assert line.body == "Thank you, your identity is verified."


def test_a_wrong_code_says_how_many_tries_are_left(chat, online_agent):
    code = _code_sent(chat, online_agent)

    result = _send(chat, f"{(int(code) + 1) % 10**6:06d}", "code-2")

    line = Message.objects.get(conversation=chat, seq=result.message.seq + 1)
    assert line.body == "That code is not right. You have 4 tries left."
    assert not security.is_verified(conversation_ref(chat))


def test_six_digits_without_a_pending_code_are_an_ordinary_message(chat):
    result = _send(chat, "123456", "digits")

    assert Message.objects.get(pk=result.message.pk).body == "123456"
