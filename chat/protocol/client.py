"""Client frames: the limits, error codes and roles every frame shares, and the parsing and
validation of what browsers send into small dataclasses (``ProtocolError`` on anything wrong).
Import from ``chat.protocol``, which re-exports every public name."""

import json
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

MAX_BODY_CHARS = 4000
MAX_CLIENT_ID_CHARS = 64
CLIENT_ID_RE = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")
# Per socket: a burst of MESSAGE_BURST messages, refilled at 5 a second (core.ratelimits).
MESSAGE_BURST = 10
MESSAGE_RATE = f"{MESSAGE_BURST}/2s"
# Files in one message (sent through the HTTP upload, docs/chat-protocol.md section 5).
MAX_FILES_PER_MESSAGE = 5
# Close code for a customer socket whose conversation is closed: do not reconnect.
CLOSE_CONVERSATION_CLOSED = 4000


class ErrorCode(StrEnum):
    BAD_JSON = "bad_json"
    UNKNOWN_TYPE = "unknown_type"
    INVALID = "invalid"
    TOO_LONG = "too_long"
    EMPTY = "empty"
    RATE_LIMITED = "rate_limited"
    FORBIDDEN = "forbidden"
    NOT_FOUND = "not_found"
    CLOSED = "closed"
    SERVER_ERROR = "server_error"


class ProtocolError(Exception):
    """A refused frame. ``client_id``/``conversation`` are echoed back when the frame had them."""

    def __init__(
        self,
        code: ErrorCode,
        message: str,
        *,
        client_id: str = "",
        conversation: int | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.client_id = client_id
        self.conversation = conversation


class Role(StrEnum):
    CUSTOMER = "customer"
    AGENT = "agent"


AGENT_STATUSES = ("online", "away", "offline")


# --- Client frames ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Sync:
    last_seq: int
    conversation: int | None = None


@dataclass(frozen=True)
class Unsubscribe:
    conversation: int


@dataclass(frozen=True)
class SendMessage:
    client_id: str
    body: str
    conversation: int | None = None


@dataclass(frozen=True)
class Typing:
    is_typing: bool
    conversation: int | None = None


@dataclass(frozen=True)
class Read:
    seq: int
    conversation: int | None = None


@dataclass(frozen=True)
class SetStatus:
    status: str


@dataclass(frozen=True)
class Accept:
    conversation: int


@dataclass(frozen=True)
class Ping:
    pass


ClientFrame = Sync | Unsubscribe | SendMessage | Typing | Read | SetStatus | Accept | Ping

CUSTOMER_FRAME_TYPES = ("sync", "message", "typing", "read", "ping")
AGENT_FRAME_TYPES = (
    "sync",
    "unsubscribe",
    "message",
    "typing",
    "read",
    "status",
    "accept",
    "ping",
)


def decode(text: str | None) -> dict[str, Any]:
    """The JSON object in a text frame, or ``ProtocolError(bad_json)``."""
    if text is None:
        raise ProtocolError(ErrorCode.BAD_JSON, "Frames must be JSON text.")
    try:
        data = json.loads(text)
    except ValueError:
        raise ProtocolError(ErrorCode.BAD_JSON, "The frame is not valid JSON.") from None
    if not isinstance(data, dict):
        raise ProtocolError(ErrorCode.BAD_JSON, "A frame must be a JSON object.")
    return data


def encode(frame: dict[str, Any]) -> str:
    return json.dumps(frame, ensure_ascii=False, separators=(",", ":"))


def _int(data: dict[str, Any], key: str, *, minimum: int = 0, **echo: Any) -> int:
    value = data.get(key)
    # bool is an int in Python; a JSON true is not a sequence number.
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ProtocolError(ErrorCode.INVALID, f"'{key}' must be an integer >= {minimum}.", **echo)
    return value


def _client_id(data: dict[str, Any], **echo: Any) -> str:
    value = data.get("client_id")
    if not isinstance(value, str) or not CLIENT_ID_RE.match(value):
        raise ProtocolError(
            ErrorCode.INVALID,
            "'client_id' must be 1-64 characters of letters, digits and _ . : -",
            **echo,
        )
    return value


def _body(data: dict[str, Any], **echo: Any) -> str:
    value = data.get("body")
    if not isinstance(value, str):
        raise ProtocolError(ErrorCode.INVALID, "'body' must be a string.", **echo)
    body = value.strip()
    if not body:
        raise ProtocolError(ErrorCode.EMPTY, "The message is empty.", **echo)
    if len(body) > MAX_BODY_CHARS:
        raise ProtocolError(
            ErrorCode.TOO_LONG, f"A message can be at most {MAX_BODY_CHARS} characters.", **echo
        )
    return body


def _bool(data: dict[str, Any], key: str, **echo: Any) -> bool:
    value = data.get(key)
    if not isinstance(value, bool):
        raise ProtocolError(ErrorCode.INVALID, f"'{key}' must be true or false.", **echo)
    return value


def parse_client_frame(data: dict[str, Any], *, role: Role) -> ClientFrame:
    """Validate one decoded client frame for a customer or agent socket.

    Agent frames that concern a conversation must name it; customer frames must not need to
    (their conversation is the socket's). Raises ``ProtocolError`` for anything else.
    """
    kind = data.get("type")
    allowed = CUSTOMER_FRAME_TYPES if role == Role.CUSTOMER else AGENT_FRAME_TYPES
    if not isinstance(kind, str) or kind not in allowed:
        raise ProtocolError(ErrorCode.UNKNOWN_TYPE, f"Unknown frame type: {kind!r}.")
    raw_client_id = data.get("client_id")
    echo: dict[str, Any] = {"client_id": raw_client_id if isinstance(raw_client_id, str) else ""}
    echo["client_id"] = echo["client_id"][:MAX_CLIENT_ID_CHARS]
    conversation: int | None = None
    if role == Role.AGENT and kind not in ("status", "ping"):
        conversation = _int(data, "conversation", minimum=1, **echo)
        echo["conversation"] = conversation
    if kind == "ping":
        return Ping()
    if kind == "sync":
        return Sync(last_seq=_int(data, "last_seq", **echo), conversation=conversation)
    if kind == "message":
        client_id = _client_id(data, **echo)
        return SendMessage(client_id=client_id, body=_body(data, **echo), conversation=conversation)
    if kind == "typing":
        return Typing(is_typing=_bool(data, "is_typing", **echo), conversation=conversation)
    if kind == "read":
        return Read(seq=_int(data, "seq", **echo), conversation=conversation)
    if kind == "unsubscribe":
        assert conversation is not None  # noqa: S101 - agent frames always carry it (above)
        return Unsubscribe(conversation=conversation)
    if kind == "accept":
        assert conversation is not None  # noqa: S101
        return Accept(conversation=conversation)
    status = data.get("status")
    if status not in AGENT_STATUSES:
        raise ProtocolError(ErrorCode.INVALID, "'status' must be online, away or offline.")
    return SetStatus(status=status)
