"""Channel-layer groups and the one event type chat consumers handle.

Every event is ``{"type": "chat.frame", "frame": <server frame>}``, optionally with
``"subscribe": <conversation id>`` (the agent socket joins that conversation's group before
forwarding) and ``"agent_frame"`` (what agent sockets forward instead of ``frame``). Events
leave only after the transaction commits (core.realtime), so no one hears about a row
that was rolled back, and they work from any process, Celery included.
"""

from typing import Any

from django.db import transaction

from core import realtime

AGENTS_GROUP = "chat.agents"
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
    # robust: a layer outage (Redis restarting) must not turn a stored message into an error;
    # clients fetch what they missed by seq.
    payload = event(frame, subscribe=subscribe, agent_frame=agent_frame)
    transaction.on_commit(lambda: realtime.send_now(group, payload), robust=True)
