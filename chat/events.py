"""Channel-layer groups and the one event type chat consumers handle.

Every event is ``{"type": "chat.frame", "frame": <server frame>}``, optionally with
``"subscribe": <conversation id>`` (the agent socket joins that conversation's group before
forwarding) and ``"agent_frame"`` (what agent sockets forward instead of ``frame``). Events
leave only after the transaction commits, through core.realtime's one path, so no one hears
about a row that was rolled back, and they work from any process, Celery included.
"""

from collections.abc import Callable, Iterable
from typing import Any

from core import realtime

AGENTS_GROUP = "chat.agents"
# Supervisors' and admins' agent sockets: the live floor (``floor`` frame, sent by insights).
FLOOR_GROUP = "staff.floor"
EVENT_TYPE = "chat.frame"


def conversation_group(conversation_id: int) -> str:
    return f"chat.conv.{conversation_id}"


def agent_group(user_id: int) -> str:
    return f"chat.agent.{user_id}"


def event(
    frame: dict[str, Any],
    *,
    subscribe: int | None = None,
    agent_frame: dict[str, Any] | None = None,
) -> dict[str, Any]:
    payload: dict[str, Any] = {"type": EVENT_TYPE, "frame": frame}
    if subscribe is not None:
        payload["subscribe"] = subscribe
    if agent_frame is not None:
        payload["agent_frame"] = agent_frame
    return payload


def emit_on_commit(
    group: str,
    frame: dict[str, Any],
    *,
    subscribe: int | None = None,
    agent_frame: dict[str, Any] | None = None,
) -> None:
    """Send ``frame`` to ``group`` once the current transaction commits. ``agent_frame``, when
    given, is what agent sockets in the group forward instead (it may hold more detail)."""
    realtime.publish_on_commit(group, event(frame, subscribe=subscribe, agent_frame=agent_frame))


def emit_computed_on_commit(
    compute: Callable[[], Iterable[tuple[str, dict[str, Any]]]],
    *,
    once_per_commit: str | None = None,
) -> None:
    """Send the ``(group, frame)`` pairs ``compute()`` returns when the transaction commits,
    read from committed rows; calls sharing ``once_per_commit`` send one round per commit
    (core.realtime.publish_computed_on_commit)."""
    realtime.publish_computed_on_commit(
        lambda: [(group, event(frame)) for group, frame in compute()],
        once_per_commit=once_per_commit,
    )
