"""Many sockets leaving at once (a deploy, a network blip) on real daphne and real Redis: no
error is logged, the layer's Redis subscriptions go with them, and an agent connecting
meanwhile is not made to wait (core.channel_layer; the full-size figures come from
bench/chat_mass_disconnect.py)."""

import asyncio
import json
import time
from typing import Any

import httpx
import pytest
import redis
import websockets
from channels.db import database_sync_to_async

from chat import access, events
from core.channel_layer import PubSubChannelLayer
from tests.chat.factories import ConversationFactory, PresenceFactory, TopicFactory
from tests.chat.test_scale_out import Client, _session_cookie
from tests.factories import staff_user
from tests.waiting import HTTP_TIMEOUT, wait_until

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.services, pytest.mark.redis]

SOCKETS = 200


@database_sync_to_async
def conversations_and_agent_cookie(count: int) -> tuple[list[tuple[int, str]], str]:
    agent = staff_user("agent")
    PresenceFactory(user=agent)
    conversations = ConversationFactory.create_batch(count)
    return [(c.pk, access.conversation_token(c)) for c in conversations], _session_cookie(agent)


async def customer(server: Any, conversation_id: int, token: str) -> Any:
    """A widget's socket, authenticated (its welcome received)."""
    socket = await websockets.connect(
        f"{server.ws_url}/ws/chat/{conversation_id}/", origin=server.url, ping_interval=None
    )
    await socket.send(json.dumps({"type": "auth", "token": token}))
    assert json.loads(await socket.recv())["type"] == "welcome"
    return socket


def subscriptions(redis_url: str) -> set[str]:
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    return set(client.pubsub_channels())


def errors_logged(server: Any) -> list[str]:
    output = server.log_path.read_text(errors="replace")
    return [line for line in output.splitlines() if " ERROR " in line or "Traceback" in line]


async def test_sockets_dropped_at_once_log_no_error_and_an_agent_connects_promptly(
    start_daphne, redis_url
):
    server = start_daphne(REDIS_URL=redis_url)
    conversations, cookie = await conversations_and_agent_cookie(SOCKETS)
    sockets = await asyncio.gather(*(customer(server, *c) for c in conversations))
    # channels_redis's name for a group in Redis.
    groups = {f"asgi__group__{events.conversation_group(pk)}" for pk, _ in conversations}

    for socket in sockets:
        socket.transport.abort()  # gone without a closing handshake, as in a network blip
    started = time.perf_counter()
    agent = await websockets.connect(
        f"{server.ws_url}/ws/agent/", origin=server.url, additional_headers=[("Cookie", cookie)]
    )
    first = json.loads(await agent.recv())
    waited = time.perf_counter() - started

    assert first["type"] == "welcome"
    assert waited < 1.0
    await agent.close()
    await asyncio.to_thread(
        wait_until,
        lambda: not groups & subscriptions(redis_url),
        timeout=30,
        what="the dropped sockets' groups to be unsubscribed in Redis",
    )
    assert errors_logged(server) == []


async def test_daphne_stopping_with_sockets_open_logs_no_error(start_daphne, redis_url):
    server = start_daphne(REDIS_URL=redis_url)
    conversations, _ = await conversations_and_agent_cookie(SOCKETS)
    sockets = await asyncio.gather(*(customer(server, *c) for c in conversations))

    await asyncio.to_thread(server.stop)

    assert errors_logged(server) == []
    for socket in sockets:
        socket.transport.abort()


@database_sync_to_async
def full_agent_cookie_and_topic() -> tuple[str, str]:
    """An agent online with no room (one chat, already taken), so a new chat stays queued."""
    agent = staff_user("agent")
    PresenceFactory(user=agent, capacity=1)
    ConversationFactory()
    return _session_cookie(agent), TopicFactory().slug


async def test_an_agent_on_its_own_daphne_sees_a_chat_started_through_the_other_one(
    start_daphne, redis_url
):
    # As deploy/nginx.conf splits them: /ws/agent/ on one daphne, everything else on another.
    customers_server = start_daphne(REDIS_URL=redis_url)
    agents_server = start_daphne(REDIS_URL=redis_url)
    cookie, topic = await full_agent_cookie_and_topic()
    agent = await Client.open(f"{agents_server.ws_url}/ws/agent/", agents_server.url, cookie)
    await agent.expect("welcome")

    async with httpx.AsyncClient(base_url=customers_server.url, timeout=HTTP_TIMEOUT) as http:
        started = await http.post(
            "/api/chat/conversations",
            json={"name": "Li Wei", "topic": topic, "message": "Where is my withdrawal?"},
            headers={"X-Chat-Client": "split-test"},
        )
    queue = (await agent.expect("queue_update"))["queue"]

    assert started.status_code == 201
    assert started.json()["conversation"]["id"] in [item["id"] for item in queue]
    await agent.close()


# --- the layer on its own, against real Redis ---------------------------------------------------
@pytest.fixture
async def layer(redis_url):
    layer = PubSubChannelLayer(hosts=[redis_url])
    yield layer
    await layer.flush()


async def test_a_group_message_reaches_a_channel_that_left_and_joined_again(layer):
    channel = await layer.new_channel()
    await layer.group_add("rejoined", channel)
    await layer.group_discard("rejoined", channel)

    await layer.group_add("rejoined", channel)
    await layer.group_send("rejoined", {"type": "chat.frame", "n": 1})

    async with asyncio.timeout(5):
        assert await layer.receive(channel) == {"type": "chat.frame", "n": 1}


async def test_a_message_sent_to_a_channel_of_this_process_arrives(layer):
    channel = await layer.new_channel()

    await layer.send(channel, {"type": "health.ping", "marker": "m"})

    async with asyncio.timeout(5):
        assert await layer.receive(channel) == {"type": "health.ping", "marker": "m"}


async def test_leaving_sockets_are_unsubscribed_in_redis_while_a_new_one_joins_at_once(
    layer, redis_url
):
    channels = [await layer.new_channel() for _ in range(5000)]
    for n, channel in enumerate(channels):
        await layer.group_add(f"leaving.{n}", channel)
    receivers = [asyncio.ensure_future(layer.receive(channel)) for channel in channels]

    for n, (channel, receiver) in enumerate(zip(channels, receivers, strict=True)):
        await layer.group_discard(f"leaving.{n}", channel)
        receiver.cancel()
    started = time.perf_counter()
    newcomer = await layer.new_channel()
    await layer.group_add("newcomer", newcomer)
    joined = time.perf_counter() - started

    # Behind the leaving groups' unsubscribes the join would wait seconds (see below); at once it
    # takes a fraction of one. The bound leaves room for a slow, busy CI host.
    assert joined < 2.0
    await asyncio.to_thread(
        wait_until,
        # Paced on purpose (a few ms of unsubscribes per 50 ms): 5,000 take ~10 s here.
        lambda: not any("leaving." in name for name in subscriptions(redis_url)),
        timeout=60,
        what="the leaving groups to be unsubscribed in Redis",
    )
    await layer.group_send("newcomer", {"type": "chat.frame"})
    async with asyncio.timeout(5):
        assert await layer.receive(newcomer) == {"type": "chat.frame"}
