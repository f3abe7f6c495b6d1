"""Real daphne processes sharing conversations through Redis, over real websockets."""

import asyncio
import json
from typing import Any

import pytest
import websockets
from channels.db import database_sync_to_async
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

from chat import access, protocol
from tests.chat.factories import ConversationFactory, PresenceFactory
from tests.factories import staff_user

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.services]


class Client:
    """A websocket client that validates every frame and keeps the messages it saw by seq."""

    def __init__(self, socket: Any) -> None:
        self.socket = socket
        self.messages: dict[int, dict] = {}

    @classmethod
    async def open(cls, url: str, origin: str, cookie: str = "") -> "Client":
        headers = [("Cookie", cookie)] if cookie else []
        socket = await websockets.connect(url, origin=origin, additional_headers=headers)
        return cls(socket)

    async def send(self, frame: dict) -> None:
        await self.socket.send(json.dumps(frame))

    async def expect(self, kind: str, **fields: Any) -> dict:
        async with asyncio.timeout(10):
            while True:
                frame = json.loads(await self.socket.recv())
                protocol.validate_server_frame(frame)
                if frame["type"] == "message":
                    self.messages[frame["seq"]] = frame
                if frame["type"] == kind and all(frame.get(k) == v for k, v in fields.items()):
                    return frame

    async def catch_up(self, seq: int) -> None:
        """Ping until every message up to ``seq`` has arrived (live, or refilled by the server
        from the database before the pong)."""
        async with asyncio.timeout(30):
            while not set(range(1, seq + 1)) <= set(self.messages):
                await self.send({"type": "ping"})
                await self.expect("pong")

    async def close(self) -> None:
        await self.socket.close()


def _session_cookie(user) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


@database_sync_to_async
def agent_and_conversation():
    agent = staff_user("agent")
    PresenceFactory(user=agent)
    return ConversationFactory(), _session_cookie(agent)


async def open_pair(customer_server, agent_server):
    conversation, cookie = await agent_and_conversation()
    customer = await Client.open(
        f"{customer_server.ws_url}/ws/chat/{conversation.pk}/", origin=customer_server.url
    )
    await customer.send({"type": "auth", "token": access.conversation_token(conversation)})
    await customer.expect("welcome")
    staff = await Client.open(f"{agent_server.ws_url}/ws/agent/", agent_server.url, cookie)
    await customer.send({"type": "sync", "last_seq": 0})
    await customer.expect("synced")
    await staff.send({"type": "sync", "conversation": conversation.pk, "last_seq": 0})
    await staff.expect("synced")
    return conversation, customer, staff


async def test_a_customer_on_one_daphne_and_an_agent_on_another_talk(start_daphne, redis_url):
    server_a = start_daphne(REDIS_URL=redis_url)
    server_b = start_daphne(REDIS_URL=redis_url)
    conversation, customer, staff = await open_pair(server_a, server_b)

    await customer.send({"type": "message", "client_id": "c-1", "body": "Hello from A"})
    at_agent = await staff.expect("message", client_id="c-1")
    await staff.send(
        {"type": "message", "conversation": conversation.pk, "client_id": "a-1", "body": "Hi, B"}
    )
    at_customer = await customer.expect("message", client_id="a-1")

    assert at_agent["body"] == "Hello from A"
    assert at_customer["body"] == "Hi, B"
    await customer.close()
    await staff.close()


async def test_a_redis_restart_mid_conversation_loses_no_message(start_daphne, redis_server):
    server_a = start_daphne(REDIS_URL=redis_server.url)
    server_b = start_daphne(REDIS_URL=redis_server.url)
    _, customer, staff = await open_pair(server_a, server_b)
    await customer.send({"type": "message", "client_id": "before", "body": "Before"})
    await staff.expect("message", client_id="before")

    await asyncio.to_thread(redis_server.restart)
    acks = []
    for n in range(3):
        await customer.send({"type": "message", "client_id": f"after-{n}", "body": f"After {n}"})
        acks.append(await customer.expect("ack", client_id=f"after-{n}"))
    await staff.catch_up(acks[-1]["seq"])

    bodies = [staff.messages[seq]["body"] for seq in sorted(staff.messages)]
    assert bodies[-4:] == ["Before", "After 0", "After 1", "After 2"]
    await customer.close()
    await staff.close()
