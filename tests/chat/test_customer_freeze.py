"""A chat customer who reports unauthorised activity asks for a freeze from the chat
(``POST /api/chat/conversations/<id>/freeze``, the widget's "Freeze my wallet account"): a
customer signed in from the wallet app is frozen at once, anyone else's request waits for an
agent's one click; a system line tells them in their language."""

import json

import pytest
from django.utils import timezone

from accounts.models import WalletIdentity
from chat import access
from chat.models import Message
from tests.chat.factories import ConversationFactory, TopicFactory
from tests.factories import UserFactory
from tests.wallet.factories import DemoAccountFactory
from wallet.models import AccountFreeze, DemoAccount, FreezeRequest

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def security_topic(db):
    return TopicFactory(slug="account-security", is_security=True)


def _ask(client, conversation):
    return client.post(
        f"/api/chat/conversations/{conversation.pk}/freeze",
        data=json.dumps({}),
        content_type="application/json",
        headers={
            "X-Chat-Token": access.conversation_token(conversation),
            "Accept-Language": "en",
        },
    )


def _system_lines(conversation) -> list[str]:
    return list(
        Message.objects.filter(conversation=conversation, sender_kind="system").values_list(
            "body", flat=True
        )
    )


def test_a_guest_asks_and_an_agent_is_left_to_apply_it(client, online_agent, security_topic):
    account = DemoAccountFactory(email="emma.clark@example.com")
    chat = ConversationFactory(email=account.email, topic=security_topic, language="en")

    response = _ask(client, chat)

    assert response.json() == {"freeze": "requested"}
    assert FreezeRequest.objects.get().conversation_id == chat.pk
    assert not DemoAccount.objects.get(pk=account.pk).frozen
    assert any(line.startswith("You asked us to freeze") for line in _system_lines(chat))


def test_the_system_line_is_in_the_customers_language(client, online_agent, security_topic):
    DemoAccountFactory(email="wang.fang@example.com")
    chat = ConversationFactory(
        email="wang.fang@example.com", topic=security_topic, language="zh-hans"
    )

    _ask(client, chat)

    assert any(line.startswith("您已申请冻结钱包账户。") for line in _system_lines(chat))


def test_a_wallet_app_customer_is_frozen_at_once(client, online_agent, security_topic):
    account = DemoAccountFactory(wallet_user_id="w-71", email="lin.tao@example.com")
    user = UserFactory(email="lin.tao@example.com")
    WalletIdentity.objects.create(
        user=user, wallet_user_id="w-71", last_signed_in_at=timezone.now()
    )
    chat = ConversationFactory(email=user.email, topic=security_topic, language="en", customer=user)

    response = _ask(client, chat)

    assert response.json() == {"freeze": "frozen"}
    assert DemoAccount.objects.get(pk=account.pk).frozen
    assert AccountFreeze.objects.get().frozen_by is None
    assert any(
        line.startswith("For your protection we have frozen") for line in _system_lines(chat)
    )


def test_asking_once_frozen_is_refused_with_the_reason(client, online_agent, security_topic):
    account = DemoAccountFactory(wallet_user_id="w-72", email="he.jun@example.com")
    user = UserFactory(email="he.jun@example.com")
    WalletIdentity.objects.create(
        user=user, wallet_user_id="w-72", last_signed_in_at=timezone.now()
    )
    chat = ConversationFactory(email=user.email, topic=security_topic, language="en", customer=user)
    _ask(client, chat)

    response = _ask(client, chat)

    assert response.status_code == 409
    assert response.json()["message"] == "Your wallet account is already frozen."
    assert DemoAccount.objects.get(pk=account.pk).frozen


def test_someone_without_the_conversations_token_cannot_ask(client, online_agent, security_topic):
    chat = ConversationFactory(topic=security_topic, language="en")

    response = client.post(
        f"/api/chat/conversations/{chat.pk}/freeze",
        data="{}",
        content_type="application/json",
        headers={"X-Chat-Client": "widget"},
    )

    assert response.status_code == 404
    assert not FreezeRequest.objects.exists()


def test_the_widget_knows_which_topics_offer_a_freeze(client, security_topic):
    TopicFactory(slug="payment-failed")

    page = client.get("/en/chat/embed/").content.decode()

    assert '"securityTopics": ["account-security"]' in page
