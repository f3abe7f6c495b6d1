"""Agent disconnect grace, transfer with a note, close."""

import datetime as dt

import pytest
from django.utils import timezone

from chat import services
from chat.models import AgentPresence, Conversation, Message, Transfer
from tests.chat.factories import ConversationFactory, PresenceFactory
from tests.factories import UserFactory, staff_user

pytestmark = pytest.mark.django_db


def agent_with(**presence):
    user = staff_user("agent")
    PresenceFactory(user=user, **presence)
    return user


def seen(user, seconds_ago: int) -> None:
    AgentPresence.objects.filter(user=user).update(
        last_seen_at=timezone.now() - dt.timedelta(seconds=seconds_ago)
    )


def test_an_agent_silent_longer_than_the_grace_period_goes_away_and_chats_are_requeued():
    agent = agent_with()
    conversation = ConversationFactory()
    seen(agent, services.AGENT_GRACE_SECONDS + 5)

    services.agents_sweep_disconnected()

    conversation.refresh_from_db()
    assert AgentPresence.objects.get(user=agent).status == "away"
    assert (conversation.status, conversation.agent) == ("waiting", None)
    last = Message.objects.filter(conversation=conversation).order_by("-seq").first()
    assert last.sender_kind == "system"


def test_requeued_chats_go_to_another_online_agent():
    leaving = agent_with()
    conversation = ConversationFactory()
    staying = agent_with()
    seen(leaving, services.AGENT_GRACE_SECONDS + 5)

    services.agents_sweep_disconnected()

    conversation.refresh_from_db()
    assert (conversation.status, conversation.agent) == ("active", staying)


def test_an_agent_who_reconnects_within_the_grace_period_keeps_their_chats():
    agent = agent_with()
    conversation = ConversationFactory()
    seen(agent, services.AGENT_GRACE_SECONDS - 10)

    services.agents_sweep_disconnected()

    conversation.refresh_from_db()
    assert (conversation.status, conversation.agent) == ("active", agent)


def test_requeued_chats_keep_their_place_ahead_of_newer_ones():
    agent = agent_with(capacity=1)
    offered_back = ConversationFactory()
    newer = ConversationFactory()
    seen(agent, services.AGENT_GRACE_SECONDS + 5)

    services.agents_sweep_disconnected()

    waiting = list(
        Conversation.objects.filter(status="waiting")
        .order_by("queued_at")
        .values_list("pk", flat=True)
    )
    assert waiting == [offered_back.pk, newer.pk]


def test_transfer_hands_the_chat_to_another_agent_with_a_note():
    first = agent_with()
    conversation = ConversationFactory()
    second = agent_with()

    services.conversation_transfer(
        conversation_id=conversation.pk, by=first, to_agent_id=second.pk, note="Refund case"
    )

    conversation.refresh_from_db()
    assert conversation.agent == second
    transfer = Transfer.objects.get(conversation=conversation)
    assert (transfer.from_agent, transfer.to_agent, transfer.note) == (first, second, "Refund case")


def test_transfer_to_an_agent_who_is_not_online_is_refused():
    first = agent_with()
    conversation = ConversationFactory()
    away = agent_with(status="away")

    with pytest.raises(services.ChatError) as refused:
        services.conversation_transfer(
            conversation_id=conversation.pk, by=first, to_agent_id=away.pk
        )

    assert refused.value.code == "agent_unavailable"


def test_only_the_assigned_agent_or_a_supervisor_can_transfer():
    agent_with()
    conversation = ConversationFactory()
    bystander = agent_with()

    with pytest.raises(services.ChatError) as refused:
        services.conversation_transfer(
            conversation_id=conversation.pk, by=bystander, to_agent_id=bystander.pk
        )

    assert refused.value.code == "forbidden"


def test_a_supervisor_can_close_any_chat():
    agent_with()
    conversation = ConversationFactory()
    supervisor = staff_user("supervisor")

    services.conversation_close(conversation_id=conversation.pk, by_customer=False, user=supervisor)

    assert Conversation.objects.get(pk=conversation.pk).status == "closed"


def test_a_customer_account_cannot_close_as_an_agent():
    agent_with()
    conversation = ConversationFactory()

    with pytest.raises(services.ChatError):
        services.conversation_close(
            conversation_id=conversation.pk, by_customer=False, user=UserFactory()
        )

    assert Conversation.objects.get(pk=conversation.pk).status == "active"
