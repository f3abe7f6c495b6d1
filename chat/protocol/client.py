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
# Flagged resends (``"resend": true``: unacked messages sent again after a reconnect) have an
# allowance of their own per socket, the widget's outbox bound, so a reconnect burst is not
# refused; it refills slowly, so the flag buys an abuser RESEND_BURST messages, not a stream.
RESEND_BURST = 50
RESEND_RATE = f"{RESEND_BURST}/h"
# Files in one message (sent through the HTTP upload, docs/chat-protocol.md section 5).
MAX_FILES_PER_MESSAGE = 5
# A text frame larger than this closes the socket with CLOSE_MESSAGE_TOO_BIG (4009). The largest
# real frame, a 4000-character body written as \uXXXX escapes, is about 24,000 characters;
# anything up to this size is parsed and answered (bad_json for junk). Over daphne's own limit
# (1 MiB) daphne closes with 1009 before the consumer sees the frame (helpcenter.http_limits).
MAX_FRAME_CHARS = 256 * 1024
# Nesting deeper than any frame needs is refused as bad_json (frames are flat objects).
MAX_FRAME_DEPTH = 4
# A customer socket must send ``auth`` as its first frame within this many seconds.
AUTH_DEADLINE_SECONDS = 10.0
# Close code for a customer socket whose conversation is closed: do not reconnect.
CLOSE_CONVERSATION_CLOSED = 4000
# Close code for a customer socket whose first frame is not an accepted ``auth``: the token is
# missing, wrong, rotated or ended; reconnecting with the same token cannot help.
CLOSE_UNAUTHORIZED = 4401
# The frame is larger than the server will take: RFC 6455's 1009 in the application range,
# because daphne (autobahn's sendClose) lets an application close only with 1000 or 3000-4999.
CLOSE_MESSAGE_TOO_BIG = 4009


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
class Auth:
    """A customer socket's first frame: the conversation's token ("" to rely on the session or
    the signed-in account). Never in the URL, which servers and proxies write to their logs."""

    token: str


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
    resend: bool = False


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


@dataclass(frozen=True)
class Supervise:
    """A supervisor's action on a chat (chat.services.supervision); ``to_agent`` for reassign."""

    conversation: int
    action: str
    to_agent: int | None = None


@dataclass(frozen=True)
class Presence:
    """I am viewing / replying on / have left a ticket or chat (``subject``)."""

    subject: str
    state: str


ClientFrame = (
    Auth
    | Sync
    | Unsubscribe
    | SendMessage
    | Typing
    | Read
    | SetStatus
    | Accept
    | Ping
    | Supervise
    | Presence
)
SUPERVISE_ACTIONS = ("watch", "join", "take_over", "reassign")
# ``ticket:<reference>`` or ``chat:<conversation id>``.
PRESENCE_SUBJECT_RE = re.compile(r"^(ticket:HC-\d{4}-\d{1,12}|chat:\d{1,12})$")
PRESENCE_CLIENT_STATES = ("viewing", "replying", "left")

CUSTOMER_FRAME_TYPES = ("auth", "sync", "message", "typing", "read", "ping")
AGENT_FRAME_TYPES = (
    "sync",
    "unsubscribe",
    "message",
    "typing",
    "read",
    "status",
    "accept",
    "ping",
    "supervise",
    "presence",
)


def decode(text: str | None) -> dict[str, Any]:
    """The JSON object in a text frame, or ``ProtocolError(bad_json)``: also for nesting deeper
    than MAX_FRAME_DEPTH (the parser would recurse) and for text that is not Unicode (a lone
    surrogate such as ``"\\ud800"`` parses, but cannot be stored or sent on)."""
    if text is None:
        raise ProtocolError(ErrorCode.BAD_JSON, "Frames must be JSON text.")
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise ProtocolError(ErrorCode.BAD_JSON, "The frame is not valid JSON.") from None
    if not isinstance(data, dict):
        raise ProtocolError(ErrorCode.BAD_JSON, "A frame must be a JSON object.")
    _check_text(data, depth=1)
    return data


def _check_text(value: Any, *, depth: int) -> None:
    if depth > MAX_FRAME_DEPTH:
        raise ProtocolError(ErrorCode.BAD_JSON, "The frame is nested too deeply.")
    items: list[Any] = []
    if isinstance(value, dict):
        items = [*value.keys(), *value.values()]
    elif isinstance(value, list):
        items = value
    elif isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ProtocolError(ErrorCode.BAD_JSON, "The frame is not valid Unicode.") from None
    for item in items:
        _check_text(item, depth=depth + 1)


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
    if role == Role.AGENT and kind == "presence":
        return _presence(data)
    if role == Role.AGENT and kind not in ("status", "ping"):
        conversation = _int(data, "conversation", minimum=1, **echo)
        echo["conversation"] = conversation
    if kind == "ping":
        return Ping()
    if kind == "auth":
        token = data.get("token", "")
        if not isinstance(token, str):
            raise ProtocolError(ErrorCode.INVALID, "'token' must be a string.")
        return Auth(token=token)
    if kind == "sync":
        return Sync(last_seq=_int(data, "last_seq", **echo), conversation=conversation)
    if kind == "message":
        client_id = _client_id(data, **echo)
        resend = data.get("resend", False)
        if not isinstance(resend, bool):
            raise ProtocolError(ErrorCode.INVALID, "'resend' must be true or false.", **echo)
        return SendMessage(
            client_id=client_id,
            body=_body(data, **echo),
            conversation=conversation,
            resend=resend,
        )
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
    if kind == "supervise":
        assert conversation is not None  # noqa: S101
        return _supervise(data, conversation, echo)
    status = data.get("status")
    if status not in AGENT_STATUSES:
        raise ProtocolError(ErrorCode.INVALID, "'status' must be online, away or offline.")
    return SetStatus(status=status)


def _supervise(data: dict[str, Any], conversation: int, echo: dict[str, Any]) -> Supervise:
    action = data.get("action")
    if action not in SUPERVISE_ACTIONS:
        raise ProtocolError(
            ErrorCode.INVALID, "'action' must be watch, join, take_over or reassign.", **echo
        )
    to_agent = _int(data, "to_agent", minimum=1, **echo) if action == "reassign" else None
    return Supervise(conversation=conversation, action=action, to_agent=to_agent)


def _presence(data: dict[str, Any]) -> Presence:
    subject = data.get("subject")
    if not isinstance(subject, str) or not PRESENCE_SUBJECT_RE.match(subject):
        raise ProtocolError(ErrorCode.INVALID, "'subject' must be ticket:<reference> or chat:<id>.")
    state = data.get("state")
    if state not in PRESENCE_CLIENT_STATES:
        raise ProtocolError(ErrorCode.INVALID, "'state' must be viewing, replying or left.")
    return Presence(subject=subject, state=state)
