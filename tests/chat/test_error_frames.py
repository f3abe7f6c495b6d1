"""Bad frames get an error frame; the socket stays open and keeps working."""

import pytest
from channels.db import database_sync_to_async

from chat.models import Message
from chat.protocol import MAX_BODY_CHARS, MESSAGE_BURST
from tests.chat.conftest import connected, customer_socket
from tests.chat.factories import ConversationFactory

pytestmark = pytest.mark.django_db(transaction=True)


async def open_socket():
    conversation = await database_sync_to_async(ConversationFactory)()
    socket = await connected(await customer_socket(conversation))
    await socket.expect("welcome")
    return conversation, socket


async def error_then_still_alive(socket, frame):
    await socket.send(frame)
    error = await socket.expect("error")
    await socket.send({"type": "ping"})
    await socket.expect("pong")
    return error


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ("this is not json", "bad_json"),
        ("[1, 2]", "bad_json"),
        ({"type": "shout"}, "unknown_type"),
        ({"body": "no type"}, "unknown_type"),
        ({"type": "message", "body": "no client id"}, "invalid"),
        ({"type": "message", "client_id": "c1"}, "invalid"),
        ({"type": "message", "client_id": "c1", "body": "   "}, "empty"),
        ({"type": "sync"}, "invalid"),
        ({"type": "sync", "last_seq": -1}, "invalid"),
        ({"type": "typing", "is_typing": "yes"}, "invalid"),
        ({"type": "read", "seq": True}, "invalid"),
        ({"type": "accept", "conversation": 1}, "unknown_type"),
    ],
)
async def test_a_bad_frame_gets_an_error_and_the_socket_stays_open(online_agent, frame, code):
    _, socket = await open_socket()

    error = await error_then_still_alive(socket, frame)

    assert error["code"] == code
    await socket.close()


async def test_a_body_over_4000_characters_is_refused_and_not_stored(online_agent):
    conversation, socket = await open_socket()

    error = await error_then_still_alive(
        socket, {"type": "message", "client_id": "long", "body": "x" * (MAX_BODY_CHARS + 1)}
    )

    assert (error["code"], error["client_id"]) == ("too_long", "long")
    assert not await database_sync_to_async(
        Message.objects.filter(conversation=conversation, client_id="long").exists
    )()
    await socket.close()


async def test_more_than_a_burst_of_messages_is_rate_limited(online_agent):
    _, socket = await open_socket()

    for n in range(MESSAGE_BURST + 1):
        await socket.send({"type": "message", "client_id": f"b{n}", "body": f"spam {n}"})
    error = await socket.expect("error")

    assert (error["code"], error["client_id"]) == ("rate_limited", f"b{MESSAGE_BURST}")
    await socket.send({"type": "ping"})
    await socket.expect("pong")
    await socket.close()


@pytest.mark.parametrize(
    "text",
    [
        '{"type": "message", "client_id": "s1", "body": "\\ud800"}',
        "[" * 100_000 + "]" * 100_000,
        '{"type": "ping", "x": ' + "[" * 100_000 + "]" * 100_000 + "}",
    ],
    ids=["lone-surrogate", "nested-lists", "nested-in-an-object"],
)
async def test_unreadable_json_is_bad_json_without_an_error_log(online_agent, caplog, text):
    _, socket = await open_socket()

    error = await error_then_still_alive(socket, text)

    assert error["code"] == "bad_json"
    assert [r for r in caplog.records if r.levelname == "ERROR"] == []
    await socket.close()


async def test_a_reconnect_burst_of_flagged_resends_is_not_rate_limited(online_agent):
    _, socket = await open_socket()

    for n in range(30):
        await socket.send(
            {"type": "message", "client_id": f"r{n}", "body": f"unsent {n}", "resend": True}
        )
    acks = [await socket.expect("ack", client_id=f"r{n}") for n in range(30)]

    assert len(acks) == 30
    assert [f for f in socket.seen if f["type"] == "error"] == []
    await socket.close()


async def test_new_messages_after_a_resend_burst_are_still_rate_limited(online_agent):
    _, socket = await open_socket()
    for n in range(30):
        await socket.send(
            {"type": "message", "client_id": f"r{n}", "body": f"unsent {n}", "resend": True}
        )
    await socket.expect("ack", client_id="r29")

    for n in range(30):
        await socket.send({"type": "message", "client_id": f"n{n}", "body": f"new {n}"})
    error = await socket.expect("error")

    assert error["code"] == "rate_limited"
    await socket.close()
