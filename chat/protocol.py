"""Every chat frame, defined once (docs/chat-protocol.md is its prose twin).

Client frames are parsed and validated here into small dataclasses; anything wrong raises
``ProtocolError`` with a code from ``ErrorCode``, which the consumer turns into an ``error``
frame while the socket stays open. Server frames are built only by the ``*_frame`` builders
below, and ``SERVER_FRAME_FIELDS`` lists the exact keys of each so a test can check that
everything the services and consumers emit matches the protocol.
"""

import json
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

MAX_BODY_CHARS = 4000
MAX_CLIENT_ID_CHARS = 64
CLIENT_ID_RE = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")
# Token bucket per socket: a burst of BURST messages, refilled at RATE per second.
MESSAGE_BURST = 10
MESSAGE_RATE_PER_SECOND = 5.0
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


# --- Server frames ------------------------------------------------------------------------------
# The exact keys of every server frame; tests/chat/test_protocol_conformance.py checks emitted
# frames against this table.
SERVER_FRAME_FIELDS: dict[str, frozenset[str]] = {
    "welcome": frozenset({"type", "role", "conversation"}),
    "welcome_agent": frozenset({"type", "role", "agent", "queue", "conversations"}),
    "message": frozenset(
        {
            "type",
            "conversation",
            "id",
            "seq",
            "client_id",
            "sender",
            "body",
            "attachments",
            "created_at",
        }
    ),
    "ack": frozenset({"type", "conversation", "client_id", "id", "seq", "created_at", "duplicate"}),
    "synced": frozenset({"type", "conversation", "last_seq"}),
    "typing": frozenset({"type", "conversation", "sender", "is_typing"}),
    "read": frozenset({"type", "conversation", "reader", "seq"}),
    "conversation": frozenset({"type", "conversation"}),
    "queue": frozenset(
        {"type", "conversation", "position", "estimated_wait_seconds", "agents_available"}
    ),
    "queue_update": frozenset({"type", "queue"}),
    "assigned": frozenset({"type", "conversation", "note", "from_agent"}),
    "unassigned": frozenset({"type", "conversation", "reason"}),
    "agent_status": frozenset({"type", "status", "active_chats"}),
    "pong": frozenset({"type"}),
    "error": frozenset({"type", "code", "message", "client_id", "conversation"}),
}
SENDER_KINDS = ("customer", "agent", "system")
UNASSIGN_REASONS = ("transferred", "away", "closed")
CONVERSATION_SUMMARY_FIELDS = frozenset(
    {
        "id",
        "status",
        "topic",
        "customer_name",
        "language",
        "agent",
        "last_seq",
        "customer_read_seq",
        "agent_read_seq",
        "created_at",
        "queued_at",
        "assigned_at",
        "closed_at",
        "rating",
        "ticket_reference",
    }
)
# One file of a message frame's ``attachments`` list.
ATTACHMENT_FIELDS = frozenset({"id", "name", "content_type", "size", "url"})
# Only agents see these.
AGENT_SUMMARY_EXTRA_FIELDS = frozenset({"customer_email", "page_url"})
QUEUE_ITEM_EXTRA_FIELDS = frozenset({"position", "preview", "unread"})


def frame_name(frame: dict[str, Any]) -> str:
    """The SERVER_FRAME_FIELDS key for a built frame (agent and customer welcomes differ)."""
    if frame.get("type") == "welcome" and frame.get("role") == Role.AGENT:
        return "welcome_agent"
    return str(frame.get("type"))


def sender(kind: str, name: str = "") -> dict[str, str]:
    return {"kind": kind, "name": name}


def welcome_frame(*, conversation: dict[str, Any]) -> dict[str, Any]:
    return {"type": "welcome", "role": Role.CUSTOMER.value, "conversation": conversation}


def welcome_agent_frame(
    *, agent: dict[str, Any], queue: list[dict[str, Any]], conversations: list[dict[str, Any]]
) -> dict[str, Any]:
    return {
        "type": "welcome",
        "role": Role.AGENT.value,
        "agent": agent,
        "queue": queue,
        "conversations": conversations,
    }


def attachment(*, id: int, name: str, content_type: str, size: int, url: str) -> dict[str, Any]:
    """One file of a message: ``url`` is the download path (it checks access, section 5)."""
    return {"id": id, "name": name, "content_type": content_type, "size": size, "url": url}


def message_frame(
    *,
    conversation: int,
    id: int,
    seq: int,
    client_id: str,
    sender: dict[str, str],
    body: str,
    created_at: str,
    attachments: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    return {
        "type": "message",
        "conversation": conversation,
        "id": id,
        "seq": seq,
        "client_id": client_id,
        "sender": sender,
        "body": body,
        "attachments": attachments or [],
        "created_at": created_at,
    }


def ack_frame(
    *,
    conversation: int,
    client_id: str,
    id: int,
    seq: int,
    created_at: str,
    duplicate: bool,
) -> dict[str, Any]:
    return {
        "type": "ack",
        "conversation": conversation,
        "client_id": client_id,
        "id": id,
        "seq": seq,
        "created_at": created_at,
        "duplicate": duplicate,
    }


def synced_frame(*, conversation: int, last_seq: int) -> dict[str, Any]:
    return {"type": "synced", "conversation": conversation, "last_seq": last_seq}


def typing_frame(*, conversation: int, sender: dict[str, str], is_typing: bool) -> dict[str, Any]:
    return {
        "type": "typing",
        "conversation": conversation,
        "sender": sender,
        "is_typing": is_typing,
    }


def read_frame(*, conversation: int, reader: str, seq: int) -> dict[str, Any]:
    return {"type": "read", "conversation": conversation, "reader": reader, "seq": seq}


def conversation_frame(*, conversation: dict[str, Any]) -> dict[str, Any]:
    return {"type": "conversation", "conversation": conversation}


def queue_frame(
    *, conversation: int, position: int, estimated_wait_seconds: int, agents_available: bool
) -> dict[str, Any]:
    return {
        "type": "queue",
        "conversation": conversation,
        "position": position,
        "estimated_wait_seconds": estimated_wait_seconds,
        "agents_available": agents_available,
    }


def queue_update_frame(*, queue: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "queue_update", "queue": queue}


def assigned_frame(
    *, conversation: dict[str, Any], note: str, from_agent: dict[str, Any] | None
) -> dict[str, Any]:
    return {
        "type": "assigned",
        "conversation": conversation,
        "note": note,
        "from_agent": from_agent,
    }


def unassigned_frame(*, conversation: int, reason: str) -> dict[str, Any]:
    return {"type": "unassigned", "conversation": conversation, "reason": reason}


def agent_status_frame(*, status: str, active_chats: int) -> dict[str, Any]:
    return {"type": "agent_status", "status": status, "active_chats": active_chats}


def pong_frame() -> dict[str, Any]:
    return {"type": "pong"}


def error_frame(error: ProtocolError) -> dict[str, Any]:
    return {
        "type": "error",
        "code": error.code.value,
        "message": error.message,
        "client_id": error.client_id,
        "conversation": error.conversation,
    }


def _check_summary(summary: Any, *, queue_item: bool = False) -> None:
    if not isinstance(summary, dict):
        raise ValueError("a conversation summary must be an object")
    keys = set(summary)
    base = CONVERSATION_SUMMARY_FIELDS
    extras = keys - base
    allowed_extras = AGENT_SUMMARY_EXTRA_FIELDS | (QUEUE_ITEM_EXTRA_FIELDS if queue_item else set())
    if not base <= keys or not extras <= allowed_extras:
        raise ValueError(f"conversation summary keys {sorted(keys)}")
    if summary["status"] not in ("waiting", "active", "closed"):
        raise ValueError(f"status {summary['status']!r}")


def validate_server_frame(frame: dict[str, Any]) -> None:
    """Raise ValueError unless ``frame`` is exactly one of the server frames defined above."""
    name = frame_name(frame)
    expected = SERVER_FRAME_FIELDS.get(name)
    if expected is None:
        raise ValueError(f"unknown server frame type {frame.get('type')!r}")
    if set(frame) != expected:
        raise ValueError(f"{name}: keys {sorted(frame)} != {sorted(expected)}")
    if "sender" in frame and (
        frame["sender"].get("kind") not in SENDER_KINDS or set(frame["sender"]) != {"kind", "name"}
    ):
        raise ValueError(f"{name}: bad sender {frame['sender']!r}")
    if name == "message" and not (
        isinstance(frame["attachments"], list)
        and all(
            isinstance(item, dict) and set(item) == ATTACHMENT_FIELDS
            for item in frame["attachments"]
        )
        and len(frame["attachments"]) <= MAX_FILES_PER_MESSAGE
    ):
        raise ValueError(f"message: bad attachments {frame['attachments']!r}")
    if name in ("welcome", "conversation"):
        _check_summary(frame["conversation"])
    if name == "assigned":
        _check_summary(frame["conversation"])
    if name == "welcome_agent":
        for item in frame["queue"]:
            _check_summary(item, queue_item=True)
        for item in frame["conversations"]:
            _check_summary(item)
    if name == "queue_update":
        for item in frame["queue"]:
            _check_summary(item, queue_item=True)
    if name == "unassigned" and frame["reason"] not in UNASSIGN_REASONS:
        raise ValueError(f"unassigned reason {frame['reason']!r}")
    if name == "agent_status" and frame["status"] not in AGENT_STATUSES:
        raise ValueError(f"agent status {frame['status']!r}")
    if name == "error" and frame["code"] not in ErrorCode.__members__.values():
        raise ValueError(f"error code {frame['code']!r}")
    if name == "read" and frame["reader"] not in (Role.CUSTOMER, Role.AGENT):
        raise ValueError(f"reader {frame['reader']!r}")
