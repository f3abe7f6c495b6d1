"""The customer socket: every client frame, the replies, resend and resume."""

import pytest
from channels.db import database_sync_to_async

from chat import services
from chat.models import Conversation, Message
from tests.chat.conftest import connected, customer_socket
from tests.chat.factories import ConversationFactory

pytestmark = pytest.mark.django_db(transaction=True)


@database_sync_to_async
def start_chat(**kwargs):
    return ConversationFactory(**kwargs)


@database_sync_to_async
def agent_says(conversation, agent, body, client_id):
    return services.message_send(
        conversation_id=conversation.pk,
        sender_kind="agent",
        client_id=client_id,
        body=body,
        user=agent,
    )


@database_sync_to_async
def stored_bodies(conversation):
    return list(
        Message.objects.filter(conversation=conversation)
        .order_by("seq")
        .values_list("body", flat=True)
    )


async def test_welcome_describes_the_customers_conversation(online_agent):
    conversation = await start_chat()
    socket = await connected(await customer_socket(conversation))

    welcome = await socket.expect("welcome")

    assert welcome["conversation"]["id"] == conversation.pk
    assert "customer_email" not in welcome["conversation"]
    await socket.close()


async def test_sync_replays_everything_after_last_seq_then_synced(online_agent):
    conversation = await start_chat()  # seq 1 customer, seq 2 "agent joined"
    await agent_says(conversation, online_agent, "Hello, how can I help?", "a-1")
    socket = await connected(await customer_socket(conversation))

    await socket.send({"type": "sync", "last_seq": 1})
    replayed = [await socket.expect("message"), await socket.expect("message")]
    synced = await socket.expect("synced")

    assert [m["seq"] for m in replayed] == [2, 3]
    assert replayed[1]["body"] == "Hello, how can I help?"
    assert synced["last_seq"] == 3
    await socket.close()


async def test_message_is_stored_before_the_ack_which_carries_id_and_seq(online_agent):
    conversation = await start_chat()
    socket = await connected(await customer_socket(conversation))
    await socket.send({"type": "sync", "last_seq": 0})
    await socket.expect("synced")

    await socket.send({"type": "message", "client_id": "c-2", "body": "Card ending 4242"})
    ack = await socket.expect("ack")
    echo = await socket.expect("message", client_id="c-2")

    stored = await database_sync_to_async(Message.objects.get)(pk=ack["id"])
    assert (stored.seq, stored.body, ack["duplicate"]) == (ack["seq"], "Card ending 4242", False)
    assert echo["seq"] == ack["seq"]
    await socket.close()


async def test_resend_with_the_same_client_id_is_stored_once_and_acked_again(online_agent):
    conversation = await start_chat()
    socket = await connected(await customer_socket(conversation))
    frame = {"type": "message", "client_id": "c-dup", "body": "Are you there?"}

    await socket.send(frame)
    first = await socket.expect("ack")
    await socket.send(frame)
    second = await socket.expect("ack")

    assert (second["id"], second["seq"], second["duplicate"]) == (first["id"], first["seq"], True)
    assert (await stored_bodies(conversation)).count("Are you there?") == 1
    await socket.close()


async def test_reconnect_with_last_seq_gets_messages_sent_while_disconnected(online_agent):
    conversation = await start_chat()
    socket = await connected(await customer_socket(conversation))
    await socket.send({"type": "sync", "last_seq": 0})
    synced = await socket.expect("synced")
    await socket.close()

    await agent_says(conversation, online_agent, "Sent while you were away 1", "a-1")
    await agent_says(conversation, online_agent, "Sent while you were away 2", "a-2")
    again = await connected(await customer_socket(conversation))
    await again.send({"type": "sync", "last_seq": synced["last_seq"]})
    missed = [await again.expect("message"), await again.expect("message")]

    assert [m["body"] for m in missed] == [
        "Sent while you were away 1",
        "Sent while you were away 2",
    ]
    assert (await again.expect("synced"))["last_seq"] == synced["last_seq"] + 2
    await again.close()


async def test_live_messages_follow_the_replay_without_duplicates(online_agent):
    conversation = await start_chat()
    socket = await connected(await customer_socket(conversation))
    await socket.send({"type": "sync", "last_seq": 0})
    await socket.expect("synced")

    await agent_says(conversation, online_agent, "Live one", "a-live")
    live = await socket.expect("message")

    assert live["body"] == "Live one"
    assert await socket.nothing_more()
    await socket.close()


async def test_typing_is_not_echoed_to_the_typist(online_agent):
    conversation = await start_chat()
    socket = await connected(await customer_socket(conversation))
    await socket.expect("welcome")

    await socket.send({"type": "typing", "is_typing": True})

    assert await socket.nothing_more()
    await socket.close()


async def test_read_receipt_moves_the_customers_mark(online_agent):
    conversation = await start_chat()
    await agent_says(conversation, online_agent, "Please check your card", "a-1")
    socket = await connected(await customer_socket(conversation))

    await socket.send({"type": "read", "seq": 3})
    await socket.send({"type": "ping"})
    await socket.expect("pong")

    refreshed = await database_sync_to_async(Conversation.objects.get)(pk=conversation.pk)
    assert refreshed.customer_read_seq == 3
    await socket.close()


async def test_ping_gets_pong(online_agent):
    conversation = await start_chat()
    socket = await connected(await customer_socket(conversation))

    await socket.send({"type": "ping"})

    assert (await socket.expect("pong")) == {"type": "pong"}
    await socket.close()


async def test_closing_the_conversation_tells_the_customer_and_ends_the_socket(online_agent):
    conversation = await start_chat()
    socket = await connected(await customer_socket(conversation))
    await socket.send({"type": "sync", "last_seq": 0})
    await socket.expect("synced")

    await database_sync_to_async(services.conversation_close)(
        conversation_id=conversation.pk, by_customer=False, user=online_agent
    )
    closed = await socket.expect("conversation")
    output = await socket.communicator.receive_output(timeout=15)

    assert closed["conversation"]["status"] == "closed"
    assert output == {"type": "websocket.close", "code": 4000}
