"""Chats nobody attends: a waiting customer who went away leaves the queue as abandoned after
CHAT_ABANDON_SECONDS; an active chat survives any disconnect; an assigned chat with no agent
message for CHAT_FIRST_REPLY_SECONDS goes to the next available agent (frozen clock)."""

import datetime as dt

import pytest
import time_machine
from channels.db import database_sync_to_async
from django.conf import settings
from django.utils import timezone

from chat import services
from chat.models import AgentPresence, Conversation, Message
from tests.chat.conftest import connected, customer_socket
from tests.chat.factories import ConversationFactory, PresenceFactory
from tests.factories import staff_user

pytestmark = pytest.mark.django_db


def later(seconds: float) -> time_machine.travel:
    return time_machine.travel(timezone.now() + dt.timedelta(seconds=seconds), tick=False)


def waiting_chat() -> Conversation:
    """A chat in the queue: its only agent is online but busy answering another."""
    agent = staff_user("agent")
    PresenceFactory(user=agent, capacity=1)
    busy = ConversationFactory()
    services.message_send(
        conversation_id=busy.pk, sender_kind="agent", client_id="a-0", body="Hi", user=agent
    )
    conversation = ConversationFactory()
    assert conversation.status == Conversation.Status.WAITING
    return conversation


def last_line(conversation: Conversation) -> Message:
    return Message.objects.filter(conversation=conversation).order_by("-seq").first()


def test_a_waiting_chat_whose_customer_left_is_abandoned_after_the_limit():
    conversation = waiting_chat()
    services.customer_left(conversation_id=conversation.pk)

    with later(settings.CHAT_ABANDON_SECONDS - 5):
        early = services.conversations_sweep_unattended()
    with later(settings.CHAT_ABANDON_SECONDS + 5):
        due = services.conversations_sweep_unattended()

    conversation.refresh_from_db()
    assert (early["abandoned"], due["abandoned"]) == (0, 1)
    assert conversation.status == Conversation.Status.CLOSED
    assert conversation.closed_by == Conversation.ClosedBy.ABANDONED
    assert last_line(conversation).sender_kind == Message.SenderKind.SYSTEM


def test_a_customer_who_comes_back_stays_in_the_queue():
    conversation = waiting_chat()
    services.customer_left(conversation_id=conversation.pk)
    services.customer_back(conversation_id=conversation.pk)

    with later(settings.CHAT_ABANDON_SECONDS * 2):
        services.conversations_sweep_unattended()

    conversation.refresh_from_db()
    assert conversation.status == Conversation.Status.WAITING


def test_an_active_chat_is_kept_across_a_ten_minute_disconnect():
    agent = staff_user("agent")
    PresenceFactory(user=agent)
    conversation = ConversationFactory()
    Message.objects.create(
        conversation=conversation, seq=99, sender_kind="agent", sender=agent, body="Hello"
    )

    left = services.customer_left(conversation_id=conversation.pk)
    with later(600):
        AgentPresence.objects.filter(user=agent).update(last_seen_at=timezone.now())
        services.conversations_sweep_unattended()

    conversation.refresh_from_db()
    assert left is False
    assert (conversation.status, conversation.agent) == (Conversation.Status.ACTIVE, agent)


def test_an_unanswered_chat_goes_to_the_next_available_agent(
    published, django_capture_on_commit_callbacks
):
    first = staff_user("agent")
    PresenceFactory(user=first)
    conversation = ConversationFactory()
    second = staff_user("agent")
    PresenceFactory(user=second)

    with (
        later(settings.CHAT_FIRST_REPLY_SECONDS + 5),
        django_capture_on_commit_callbacks(execute=True),
    ):
        AgentPresence.objects.update(last_seen_at=timezone.now())
        result = services.conversations_sweep_unattended()

    conversation.refresh_from_db()
    told = [e["frame"] for group, e in published if group == f"chat.agent.{first.pk}"]
    assert result["unanswered"] == 1
    assert (conversation.status, conversation.agent) == (Conversation.Status.ACTIVE, second)
    assert {"type": "unassigned", "conversation": conversation.pk, "reason": "unanswered"} in told


def test_an_unanswered_chat_never_goes_back_to_the_same_agent():
    only = staff_user("agent")
    PresenceFactory(user=only)
    conversation = ConversationFactory()

    with later(settings.CHAT_FIRST_REPLY_SECONDS + 5):
        AgentPresence.objects.update(last_seen_at=timezone.now())
        services.conversations_sweep_unattended()

    conversation.refresh_from_db()
    assert (conversation.status, conversation.passed_over) == (Conversation.Status.WAITING, only)


def test_an_agent_who_answered_in_time_keeps_the_chat():
    agent = staff_user("agent")
    PresenceFactory(user=agent)
    conversation = ConversationFactory()
    services.message_send(
        conversation_id=conversation.pk,
        sender_kind="agent",
        client_id="a-1",
        body="Let me check.",
        user=agent,
    )

    with later(settings.CHAT_FIRST_REPLY_SECONDS + 5):
        AgentPresence.objects.update(last_seen_at=timezone.now())
        result = services.conversations_sweep_unattended()

    conversation.refresh_from_db()
    assert result["unanswered"] == 0
    assert conversation.agent == agent


@pytest.mark.django_db(transaction=True)
async def test_the_customer_socket_starts_and_stops_the_abandon_clock():
    conversation = await database_sync_to_async(waiting_chat)()
    socket = await connected(await customer_socket(conversation))
    await socket.close()
    left = await database_sync_to_async(Conversation.objects.get)(pk=conversation.pk)

    again = await connected(await customer_socket(conversation))
    back = await database_sync_to_async(Conversation.objects.get)(pk=conversation.pk)
    await again.close()

    assert left.customer_left_at is not None
    assert back.customer_left_at is None
