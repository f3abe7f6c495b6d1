"""Queue and routing: fewest active chats below capacity, picks from the queue, no agent."""

import datetime as dt

import pytest
from django.utils import timezone

from chat import selectors, services
from chat.models import AgentPresence, Conversation
from core.models import BusinessHours
from tests.chat.factories import ConversationFactory, PresenceFactory
from tests.factories import staff_user

pytestmark = pytest.mark.django_db


def agent_with(**presence):
    user = staff_user("agent")
    PresenceFactory(user=user, **presence)
    return user


def active_count(user) -> int:
    return Conversation.objects.filter(agent=user, status="active").count()


def test_a_new_conversation_goes_to_the_online_agent_with_the_fewest_active_chats():
    busy = agent_with()
    ConversationFactory()
    ConversationFactory()
    idle = agent_with()
    assert active_count(busy) == 2  # both went to the only agent online then

    conversation = ConversationFactory()

    assert conversation.agent == idle


def test_no_agent_gets_more_than_their_capacity_and_the_rest_wait():
    agent_with(capacity=2)
    agent_with(capacity=1)

    conversations = [ConversationFactory() for _ in range(5)]

    assert [c.status for c in conversations] == ["active"] * 3 + ["waiting"] * 2
    loads = selectors.active_chat_counts()
    assert sorted(loads.values()) == [1, 2]


def test_away_and_offline_agents_get_no_chats():
    online = agent_with(capacity=1)
    agent_with(status="away")
    agent_with(status="offline")

    first, second = ConversationFactory(), ConversationFactory()

    assert (first.agent, second.agent, second.status) == (online, None, "waiting")


def test_queue_positions_follow_arrival_order():
    agent_with(capacity=1)
    ConversationFactory()
    waiting = [ConversationFactory() for _ in range(3)]

    positions = [selectors.queue_position(c)["position"] for c in waiting]

    assert positions == [1, 2, 3]


def test_a_closed_chat_frees_the_slot_for_the_oldest_waiting_conversation():
    agent = agent_with(capacity=1)
    first = ConversationFactory()
    oldest_waiting = ConversationFactory()
    ConversationFactory()

    services.conversation_close(conversation_id=first.pk, by_customer=True)

    oldest_waiting.refresh_from_db()
    assert (oldest_waiting.status, oldest_waiting.agent) == ("active", agent)


def test_an_agent_coming_online_takes_waiting_conversations_up_to_capacity():
    agent_with(capacity=1)
    ConversationFactory()
    waiting = [ConversationFactory() for _ in range(3)]
    newcomer = agent_with(status="offline", capacity=2)

    services.agent_set_status(user=newcomer, status="online")

    assert active_count(newcomer) == 2
    assert Conversation.objects.get(pk=waiting[2].pk).status == "waiting"


def test_an_agent_can_pick_a_conversation_from_the_queue():
    agent_with(capacity=1)
    ConversationFactory()
    waiting = ConversationFactory()
    picker = agent_with(status="away")

    conversation = services.conversation_accept(conversation_id=waiting.pk, user=picker)

    assert (conversation.status, conversation.agent) == ("active", picker)


def test_picking_a_conversation_someone_else_took_is_refused():
    agent = agent_with()
    taken = ConversationFactory()

    with pytest.raises(services.ChatError) as refused:
        services.conversation_accept(conversation_id=taken.pk, user=agent_with())

    assert refused.value.code == "not_waiting"
    assert Conversation.objects.get(pk=taken.pk).agent == agent


def test_starting_a_chat_with_no_agent_online_is_refused():
    agent_with(status="offline")

    with pytest.raises(services.NoAgentAvailable):
        ConversationFactory()

    assert not Conversation.objects.exists()


def test_starting_a_chat_outside_business_hours_is_refused():
    agent_with()
    now = timezone.localtime()
    closed_day = (now.weekday() + 1) % 7
    BusinessHours.objects.create(weekday=closed_day, opens_at=dt.time(8), closes_at=dt.time(9))

    with pytest.raises(services.NoAgentAvailable):
        ConversationFactory()


def test_the_estimated_wait_grows_with_the_position():
    agent_with(capacity=1)
    ConversationFactory()
    first, second = ConversationFactory(), ConversationFactory()

    waits = [selectors.queue_position(c)["estimated_wait_seconds"] for c in (first, second)]

    assert 0 < waits[0] < waits[1]


def test_availability_reports_agents_online_and_queue_length():
    agent_with(capacity=1)
    ConversationFactory()
    ConversationFactory()

    answer = selectors.availability()

    assert (answer["available"], answer["agents_online"], answer["queue_length"]) == (
        True,
        1,
        1,
    )


def test_status_is_one_of_the_three():
    agent = agent_with()

    with pytest.raises(services.ChatError):
        services.agent_set_status(user=agent, status="busy")

    assert AgentPresence.objects.get(user=agent).status == "online"
