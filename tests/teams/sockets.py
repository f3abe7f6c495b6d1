"""Real websocket clients on a live daphne for the team tests: each frame received is checked
against chat.protocol. Waits are generous (tests/waiting.py): every frame awaited is certain."""

import json
from typing import Any

import websockets.sync.client

from chat import access, protocol
from tests.chat.conftest import _login_cookie


class LiveSocket:
    def __init__(self, connection: Any) -> None:
        self.connection = connection

    def send(self, frame: dict[str, Any]) -> None:
        self.connection.send(json.dumps(frame))

    def receive(self, wait: float = 30) -> dict[str, Any]:
        frame = json.loads(self.connection.recv(timeout=wait))
        protocol.validate_server_frame(frame)
        return frame

    def expect(self, kind: str, wait: float = 30, **fields: Any) -> dict[str, Any]:
        """The next frame of type ``kind`` whose top-level fields match; others are skipped."""
        while True:
            frame = self.receive(wait=wait)
            if frame["type"] == kind and all(frame.get(k) == v for k, v in fields.items()):
                return frame

    def close(self) -> None:
        self.connection.close()


def agent_socket(server: Any, user: Any) -> LiveSocket:
    """The agent socket as the console opens it (session cookie, the site's Origin)."""
    connection = websockets.sync.client.connect(
        f"{server.ws_url}/ws/agent/",
        origin=server.url,
        additional_headers={"Cookie": _login_cookie(user)},
        open_timeout=30,
    )
    socket = LiveSocket(connection)
    socket.expect("welcome")
    return socket


def customer_socket(server: Any, conversation: Any) -> LiveSocket:
    """The customer's socket as the widget opens it (``auth`` with the token first)."""
    connection = websockets.sync.client.connect(
        f"{server.ws_url}/ws/chat/{conversation.pk}/", origin=server.url, open_timeout=30
    )
    socket = LiveSocket(connection)
    socket.send({"type": "auth", "token": access.conversation_token(conversation)})
    welcome = socket.expect("welcome")
    # Live messages come after a sync (docs/chat-protocol.md §3): from what it has now.
    socket.send({"type": "sync", "last_seq": welcome["conversation"]["last_seq"]})
    socket.expect("synced")
    return socket
