"""Send events to channel-layer groups from any process.

With Redis every process shares the channel layer. In the embedded default the layer lives in
memory inside daphne, so a Celery worker cannot reach it directly: workers call
``use_relay()`` at start-up and then post each event to daphne's relay view over loopback,
signed with SECRET_KEY. Events are notifications only: the database stays the source of truth,
so a relay that fails loses nothing a client cannot fetch again.
"""

import functools
import hashlib
import hmac
import json
import logging
import threading
import time
import urllib.request
from collections.abc import Callable
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import InMemoryChannelLayer, get_channel_layer
from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)

_relay = False
RELAY_MAX_AGE_SECONDS = 60
# Per thread: the list ``send_now`` appends to instead of sending (see ``collecting``).
_collector = threading.local()


def use_relay() -> None:
    """Called in worker processes: their in-memory layer is not the one browsers listen on."""
    global _relay
    _relay = True


def broadcast_on_commit(group: str, event: dict[str, Any]) -> None:
    """Send ``event`` to ``group`` once the current transaction commits (never for a rollback)."""
    transaction.on_commit(lambda: send_now(group, event))


def send_now(group: str, event: dict[str, Any]) -> None:
    """Send ``event`` to ``group`` immediately, through the relay when this process needs it."""
    pending = getattr(_collector, "events", None)
    if pending is not None:
        pending.append((group, event))
        return
    layer = get_channel_layer()
    if layer is None:
        return
    if _relay and isinstance(layer, InMemoryChannelLayer):
        _post_to_relay(group, event)
        return
    async_to_sync(layer.group_send)(group, event)


def collecting(func: Callable[..., Any]) -> Callable[..., tuple[Any, list]]:
    """``func`` made to return ``(result, events)``: the events it sent (after its commits)
    are collected instead of sent. For sync service calls made from a consumer, which then
    sends them with ``send_collected`` on its own event loop: a per-message hop from the
    database thread back to the loop and back (``async_to_sync``) costs more than the send."""

    @functools.wraps(func)
    def run(*args: Any, **kwargs: Any) -> tuple[Any, list]:
        _collector.events = events = []
        try:
            return func(*args, **kwargs), events
        finally:
            _collector.events = None

    return run


async def send_collected(events: list[tuple[str, dict[str, Any]]]) -> None:
    """Send what ``collecting`` gathered, in order, from async code."""
    layer = get_channel_layer()
    for group, event in events:
        try:
            await layer.group_send(group, event)
        except Exception:  # a layer outage loses no message: clients fetch by seq
            logger.exception("Could not send an event to %s", group)


def sign(body: bytes, timestamp: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def verify(body: bytes, timestamp: str, signature: str) -> bool:
    try:
        age = abs(time.time() - float(timestamp))
    except ValueError:
        return False
    return age <= RELAY_MAX_AGE_SECONDS and hmac.compare_digest(sign(body, timestamp), signature)


def _post_to_relay(group: str, event: dict[str, Any]) -> None:
    body = json.dumps({"group": group, "event": event}).encode()
    timestamp = str(time.time())
    request = urllib.request.Request(  # noqa: S310 - a loopback URL from settings, not user input
        settings.REALTIME_RELAY_URL,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "X-Relay-Timestamp": timestamp,
            "X-Relay-Signature": sign(body, timestamp),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            response.read()
    except OSError:
        logger.warning("realtime.relay_failed group=%s type=%s", group, event.get("type"))
