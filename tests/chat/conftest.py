"""Chat fixtures: online agents and websocket clients that check every frame they receive
against chat.protocol."""

import json
from typing import Any

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

from chat import access, protocol
from core import realtime
from helpcenter.asgi import application
from tests.chat.factories import PresenceFactory
from tests.factories import staff_user

# The site's own origin: the Origin check compares scheme, host and port (chat.routing).
ORIGIN = settings.SITE_URL.encode()


@pytest.fixture
def online_agent(db):
    user = staff_user("agent")
    PresenceFactory(user=user)
    return user


class Published(list):
    """The events sent so far. With Redis, sync code's sends go out on the process's sender
    thread (core.realtime), so reading the list first waits until it has sent everything."""

    def __iter__(self):
        assert realtime.flush()
        return super().__iter__()


@pytest.fixture
def published(monkeypatch):
    """Every (group, event) that reaches the channel layer; the real send still happens."""
    layer = get_channel_layer()
    real_send = layer.group_send
    sent = Published()

    async def record(group: str, event: dict[str, Any]) -> None:
        sent.append((group, event))
        await real_send(group, event)

    monkeypatch.setattr(layer, "group_send", record)
    return sent


class Socket:
    """A websocket client on the real ASGI application (Origin check, auth, routing)."""

    def __init__(self, path: str, *, cookie: str = "", origin: bytes = ORIGIN) -> None:
        headers = [(b"origin", origin)] if origin else []
        if cookie:
            headers.append((b"cookie", cookie.encode()))
        self.communicator = WebsocketCommunicator(application, path, headers=headers)
        self.seen: list[dict[str, Any]] = []
        self.unread: list[str] = []

    async def connect(self) -> bool:
        connected, _ = await self.communicator.connect(timeout=15)
        return connected

    async def send(self, frame: dict[str, Any] | str) -> None:
        text = frame if isinstance(frame, str) else json.dumps(frame)
        await self.communicator.send_to(text_data=text)

    async def receive(self, wait: float = 15) -> dict[str, Any]:
        text = self.unread.pop(0) if self.unread else None
        frame = json.loads(text or await self.communicator.receive_from(timeout=wait))
        protocol.validate_server_frame(frame)
        self.seen.append(frame)
        return frame

    async def expect(self, kind: str, wait: float = 15, **fields: Any) -> dict[str, Any]:
        """The next frame of type ``kind`` whose top-level fields match; others are skipped."""
        while True:
            frame = await self.receive(wait=wait)
            if frame["type"] == kind and all(frame.get(k) == v for k, v in fields.items()):
                return frame

    async def nothing_more(self) -> bool:
        return await self.communicator.receive_nothing(timeout=0.3)

    async def close(self) -> None:
        await self.communicator.disconnect()


class CustomerSocket(Socket):
    """A customer socket as the widget opens it: no token in the URL, ``auth`` first."""

    def __init__(self, path: str, *, token: str = "", **kwargs: Any) -> None:
        super().__init__(path, **kwargs)
        self.token = token
        self.close_code: int | None = None

    async def connect(self) -> bool:
        """True once the conversation is opened (its welcome is kept for ``receive``); False
        when the handshake is refused or the socket is closed instead (``close_code``)."""
        if not await super().connect():
            return False
        await self.send({"type": "auth", "token": self.token})
        output = await self.communicator.receive_output(timeout=15)
        if output["type"] == "websocket.close":
            self.close_code = output.get("code")
            return False
        self.unread.append(output["text"])
        return True


def _login_cookie(user: Any) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


async def customer_socket(
    conversation: Any, *, token: str | None = None, **kwargs: Any
) -> CustomerSocket:
    """A socket on ``conversation`` that authenticates with ``token`` (its current one unless
    told otherwise)."""
    if token is None:
        token = access.conversation_token(conversation)
    return CustomerSocket(f"/ws/chat/{conversation.pk}/", token=token, **kwargs)


async def login_cookie(user: Any) -> str:
    """A session cookie for ``user``, as the browser would have after logging in."""
    return await database_sync_to_async(_login_cookie)(user)


async def agent_socket(user: Any, **kwargs: Any) -> Socket:
    return Socket("/ws/agent/", cookie=await login_cookie(user), **kwargs)


async def connected(socket: Socket) -> Socket:
    assert await socket.connect()
    return socket
