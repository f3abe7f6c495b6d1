"""The agent socket: welcome, sync, messages both ways, typing, read, status, accept."""

import pytest
from channels.db import database_sync_to_async

from chat import services
from chat.models import AgentPresence, Conversation
from tests.chat.conftest import agent_socket, connected, customer_socket
from tests.chat.factories import ConversationFactory, PresenceFactory
from tests.factories import staff_user

pytestmark = pytest.mark.django_db(transaction=True)


@database_sync_to_async
def start_chat(**kwargs):
    return ConversationFactory(**kwargs)


@database_sync_to_async
def new_agent(**presence):
    user = staff_user("agent")
    PresenceFactory(user=user, **presence)
    return user


async def test_welcome_lists_the_agents_active_conversations_and_the_queue(online_agent):
    mine = await start_chat()
    await database_sync_to_async(AgentPresence.objects.filter(user=online_agent).update)(capacity=1)
    waiting = await start_chat()
    socket = await connected(await agent_socket(online_agent))

    welcome = await socket.expect("welcome")

    assert [c["id"] for c in welcome["conversations"]] == [mine.pk]
    assert [c["id"] for c in welcome["queue"]] == [waiting.pk]
    assert welcome["queue"][0]["preview"] == "My payment failed with error 51."
    assert welcome["agent"]["status"] == "online"
    await socket.close()


async def test_customer_and_agent_exchange_messages_both_ways(online_agent):
    conversation = await start_chat()
    customer = await connected(await customer_socket(conversation))
    agent = await connected(await agent_socket(online_agent))
    await customer.send({"type": "sync", "last_seq": 0})
    await customer.expect("synced")
    await agent.send({"type": "sync", "conversation": conversation.pk, "last_seq": 0})
    await agent.expect("synced", conversation=conversation.pk)

    await customer.send({"type": "message", "client_id": "c-1", "body": "Is my money safe?"})
    at_agent = await agent.expect("message", client_id="c-1")
    await agent.send(
        {"type": "message", "conversation": conversation.pk, "client_id": "a-1", "body": "Yes."}
    )
    at_customer = await customer.expect("message", client_id="a-1")

    assert (at_agent["body"], at_agent["sender"]["kind"]) == ("Is my money safe?", "customer")
    assert (at_customer["body"], at_customer["sender"]["kind"]) == ("Yes.", "agent")
    await customer.close()
    await agent.close()


async def test_typing_and_read_receipts_reach_the_other_side(online_agent):
    conversation = await start_chat()
    customer = await connected(await customer_socket(conversation))
    agent = await connected(await agent_socket(online_agent))
    await agent.send({"type": "sync", "conversation": conversation.pk, "last_seq": 0})
    await agent.expect("synced")

    await customer.send({"type": "typing", "is_typing": True})
    typing = await agent.expect("typing")
    await agent.send({"type": "read", "conversation": conversation.pk, "seq": 2})
    read = await customer.expect("read")

    assert (typing["sender"]["kind"], typing["is_typing"]) == ("customer", True)
    assert (read["reader"], read["seq"]) == ("agent", 2)
    await customer.close()
    await agent.close()


async def test_an_agent_not_assigned_cannot_write_to_a_conversation(online_agent):
    conversation = await start_chat()
    other = await new_agent()
    socket = await connected(await agent_socket(other))

    await socket.send(
        {"type": "message", "conversation": conversation.pk, "client_id": "x", "body": "Hi"}
    )
    error = await socket.expect("error")

    assert (error["code"], error["conversation"], error["client_id"]) == (
        "forbidden",
        conversation.pk,
        "x",
    )
    await socket.close()


async def test_sync_of_an_unknown_conversation_is_not_found(online_agent):
    socket = await connected(await agent_socket(online_agent))

    await socket.send({"type": "sync", "conversation": 999999, "last_seq": 0})

    assert (await socket.expect("error"))["code"] == "not_found"
    await socket.close()


async def test_status_frame_sets_the_status_and_is_confirmed(online_agent):
    socket = await connected(await agent_socket(online_agent))
    await socket.expect("welcome")

    await socket.send({"type": "status", "status": "away"})
    confirmed = await socket.expect("agent_status")

    assert confirmed["status"] == "away"
    presence = await database_sync_to_async(AgentPresence.objects.get)(user=online_agent)
    assert presence.status == "away"
    await socket.close()


async def test_accept_takes_a_waiting_conversation_and_subscribes_to_it(online_agent):
    await database_sync_to_async(AgentPresence.objects.filter(user=online_agent).update)(capacity=1)
    await start_chat()
    waiting = await start_chat()
    picker = await new_agent(status="away")
    socket = await connected(await agent_socket(picker))

    await socket.send({"type": "accept", "conversation": waiting.pk})
    assigned = await socket.expect("assigned")
    await socket.send({"type": "sync", "conversation": waiting.pk, "last_seq": 0})
    joined = await socket.expect("message", seq=2)

    assert assigned["conversation"]["agent"]["id"] == picker.pk
    assert joined["sender"]["kind"] == "system"
    await socket.close()


async def test_a_new_assignment_reaches_the_agent_with_its_live_messages(online_agent):
    socket = await connected(await agent_socket(online_agent))
    await socket.expect("welcome")

    conversation = await start_chat()
    assigned = await socket.expect("assigned")
    await socket.send({"type": "sync", "conversation": conversation.pk, "last_seq": 0})
    await socket.expect("synced")
    await database_sync_to_async(services.message_send)(
        conversation_id=conversation.pk, sender_kind="customer", client_id="c-9", body="Hello?"
    )
    live = await socket.expect("message", client_id="c-9")

    assert assigned["conversation"]["id"] == conversation.pk
    assert live["body"] == "Hello?"
    await socket.close()


async def test_the_waiting_customer_sees_their_position_move_up(online_agent):
    await database_sync_to_async(AgentPresence.objects.filter(user=online_agent).update)(capacity=1)
    first = await start_chat()
    await start_chat()
    second_waiting = await start_chat()
    customer = await connected(await customer_socket(second_waiting))
    initial = await customer.expect("queue")

    await database_sync_to_async(services.conversation_close)(
        conversation_id=first.pk, by_customer=True
    )
    moved = await customer.expect("queue", position=1)

    assert initial["position"] == 2
    assert moved["estimated_wait_seconds"] > 0
    refreshed = await database_sync_to_async(Conversation.objects.get)(pk=second_waiting.pk)
    assert refreshed.status == "waiting"
    await customer.close()
