"""Server frames: the ``*_frame`` builders, ``SERVER_FRAME_FIELDS`` (the exact keys of each) and
``validate_server_frame``, which tests hold everything the services and consumers emit to.
Import from ``chat.protocol``, which re-exports every public name."""

from typing import Any

from chat.protocol.client import (
    AGENT_STATUSES,
    MAX_FILES_PER_MESSAGE,
    PRESENCE_SUBJECT_RE,
    ErrorCode,
    ProtocolError,
    Role,
)

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
    "inbox": frozenset({"type", "changed"}),
    "floor": frozenset({"type", "changed"}),
    # Supervisors, presence (docs/chat-protocol.md §4.7).
    "supervising": frozenset({"type", "conversation", "mode"}),
    "presence": frozenset({"type", "subject", "agent", "state"}),
    # Staff notifications (docs/chat-protocol.md §4.8).
    "notification": frozenset({"type", "notification", "unread"}),
    "error": frozenset({"type", "code", "message", "client_id", "conversation"}),
}
SENDER_KINDS = ("customer", "agent", "system")
UNASSIGN_REASONS = ("transferred", "away", "closed", "unanswered", "taken_over", "reassigned")
SUPERVISING_MODES = ("watch", "join")
PRESENCE_STATES = ("viewing", "replying", "left")
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
# One item of the ``notification`` frame (§4.8).
NOTIFICATION_FIELDS = frozenset({"id", "kind", "text", "url", "created_at"})
NOTIFICATION_KINDS = (
    "ticket_assigned",
    "customer_reply",
    "chat_assigned",
    "chat_taken_over",
    "chat_reassigned",
    "sla_warning",
    "sla_breach",
    "security_report",
)


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


INBOX_CHANGES = ("ticket", "chat")


def inbox_frame(*, changed: list[str]) -> dict[str, Any]:
    """The staff inbox should read its view again: ``changed`` says which kinds of rows."""
    return {"type": "inbox", "changed": changed}


FLOOR_CHANGES = ("chat",)


def floor_frame(*, changed: list[str]) -> dict[str, Any]:
    """Supervisors only: the live floor (/console/dashboard/) should read its figures again."""
    return {"type": "floor", "changed": changed}


def supervising_frame(*, conversation: dict[str, Any], mode: str) -> dict[str, Any]:
    """To a supervisor's sockets: open this chat read-only (``watch``) or beside its agent
    (``join``); the socket is already subscribed to it."""
    return {"type": "supervising", "conversation": conversation, "mode": mode}


def presence_frame(*, subject: str, agent: dict[str, Any], state: str) -> dict[str, Any]:
    """A colleague (``agent``: id and name) is viewing, replying on, or has left ``subject``
    (``ticket:<reference>`` or ``chat:<id>``)."""
    return {"type": "presence", "subject": subject, "agent": agent, "state": state}


def notification_frame(*, notification: dict[str, Any], unread: int) -> dict[str, Any]:
    """To the recipient's sockets: a new notification (``id``, ``kind``, ``text`` in the
    recipient's language, ``url`` of the conversation pane, ``created_at``) and how many of
    theirs are unread now."""
    return {"type": "notification", "notification": notification, "unread": unread}


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
    if name == "inbox" and not (
        isinstance(frame["changed"], list)
        and frame["changed"]
        and set(frame["changed"]) <= set(INBOX_CHANGES)
    ):
        raise ValueError(f"inbox: changed {frame['changed']!r}")
    if name == "floor" and not (
        isinstance(frame["changed"], list)
        and frame["changed"]
        and set(frame["changed"]) <= set(FLOOR_CHANGES)
    ):
        raise ValueError(f"floor: changed {frame['changed']!r}")
    if name == "supervising":
        _check_summary(frame["conversation"])
        if frame["mode"] not in SUPERVISING_MODES:
            raise ValueError(f"supervising mode {frame['mode']!r}")
    if name == "presence" and not (
        frame["state"] in PRESENCE_STATES
        and isinstance(frame["agent"], dict)
        and set(frame["agent"]) == {"id", "name"}
        and PRESENCE_SUBJECT_RE.match(frame["subject"])
    ):
        raise ValueError(f"presence: {frame!r}")
    if name == "notification" and not (
        isinstance(frame["notification"], dict)
        and set(frame["notification"]) == NOTIFICATION_FIELDS
        and frame["notification"]["kind"] in NOTIFICATION_KINDS
        and isinstance(frame["unread"], int)
        and frame["unread"] >= 1
    ):
        raise ValueError(f"notification: {frame!r}")
    if name == "agent_status" and frame["status"] not in AGENT_STATUSES:
        raise ValueError(f"agent status {frame['status']!r}")
    if name == "error" and frame["code"] not in ErrorCode.__members__.values():
        raise ValueError(f"error code {frame['code']!r}")
    if name == "read" and frame["reader"] not in (Role.CUSTOMER, Role.AGENT):
        raise ValueError(f"reader {frame['reader']!r}")
