"""The one way to send an event to browsers: after the transaction commits, from any process.

Callers use one of two forms, both queued with ``transaction.on_commit`` (robust: a layer
outage must not turn a committed write into an error; clients fetch what they missed):

- ``publish_on_commit(group, event)`` sends an event built now;
- ``publish_computed_on_commit(compute, once_per_commit=key)`` sends the events ``compute()``
  returns when the transaction commits, read from committed rows (a queue position, an agent's
  load). With ``once_per_commit``, any number of calls in one transaction send one round: a
  thread-local "dirty" mark is set by every call and every call registers a callback, but only
  the first callback to run finds the mark, clears it and sends. A rolled-back transaction
  (or savepoint) leaves at most a stale mark, which costs one extra round later, never a
  missed one.

How the path behaves where it runs:

- With Redis every process shares the channel layer. Sync code (a WSGI worker's thread, a
  Celery task) hands its sends to the process's one sender thread (``_Sender``), which keeps an
  event loop, and so the layer's connections, for the life of the process and sends in order.
  Calling ``async_to_sync(layer.group_send)`` from such a thread instead made a new event loop,
  and a new Redis connection, for every event: the largest cost of a new request
  (docs/performance.md). ``compute`` callables still run at commit in the caller's thread, so
  whatever they read or clear is done when the caller's next statement runs.
- In the embedded default the layer lives in memory inside daphne, so a Celery worker cannot
  reach it directly: workers call ``use_relay()`` at start-up and then post each event to
  daphne's relay view over loopback, signed with SECRET_KEY (``sign``/``verify``). Sends to
  the in-memory layer stay synchronous (no network, nothing to save).
- Inside a consumer, a sync service runs in a database thread through ``collecting``: the
  events it publishes (after its commits) are gathered there instead of sent, and the consumer
  sends them with ``send_collected`` on its own event loop, in order, before it acks. A
  per-message hop from the database thread back to the loop and back (``async_to_sync``)
  costs more than the send.

Events are notifications only: the database stays the source of truth, so a send that fails
loses nothing a client cannot fetch again. A failed send is logged once per outage
(``core.outage``: one WARNING when the layer or relay goes, one INFO with the count when it is
back), not once per event.
"""

import asyncio
import functools
import hashlib
import hmac
import json
import os
import threading
import time
import urllib.request
from collections import deque
from collections.abc import Callable, Iterable
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import InMemoryChannelLayer, get_channel_layer
from django.conf import settings
from django.db import transaction

from core.exiting import at_exit
from core.outage import OutageLog

# Shared by every caller of the channel layer in this process (consumers too), so an outage
# is one pair of lines however many sockets and events it hits.
layer_outage = OutageLog("realtime", "channel layer", note="clients fetch what they missed")
# Work run in the sender thread before a coalesced send (the inbox counters' version): robust,
# like the on-commit callbacks it stands for.
before_outage = OutageLog("realtime", "work before a send", note="the events are sent anyway")
relay_outage = OutageLog("realtime", "relay", note="clients fetch what they missed")

Event = tuple[str, dict[str, Any]]  # (group, event)

_relay = False
RELAY_MAX_AGE_SECONDS = 60
# Per thread: ``events``, the list ``_send`` appends to instead of sending (see ``collecting``),
# and ``dirty``, the ``once_per_commit`` keys published since their last round was sent.
_local = threading.local()


def use_relay() -> None:
    """Called in worker processes: their in-memory layer is not the one browsers listen on."""
    global _relay
    _relay = True


def publish_on_commit(group: str, event: dict[str, Any]) -> None:
    """Send ``event`` to ``group`` once the current transaction commits (never for a rollback;
    at once outside a transaction)."""
    transaction.on_commit(lambda: _send(group, event), robust=True)


def publish_computed_on_commit(
    compute: Callable[[], Iterable[Event]],
    *,
    once_per_commit: str | None = None,
    at_most_every: float = 0.0,
    before_send: Callable[[], object] | None = None,
) -> None:
    """Send the ``(group, event)`` pairs ``compute()`` returns, computed when the current
    transaction commits. Calls sharing a ``once_per_commit`` key send one round per commit.

    ``at_most_every`` (seconds, with ``once_per_commit``): ``compute()`` still runs at every
    commit, but its events are sent at most once per that many seconds per process and key
    (``send_coalesced``): for a signal that carries no data, like the staff inbox's "tickets
    changed", under a burst of commits (each one was a channel-layer publish).

    ``before_send``: work that must be done before the events leave (the inbox counters' new
    version, so that an inbox told to reload counts afresh); it runs once per send, so a
    coalesced burst runs it once, not at every commit."""
    if once_per_commit is None:
        transaction.on_commit(lambda: _send_all(compute(), before_send), robust=True)
        return
    dirty = _dirty()
    dirty.add(once_per_commit)

    def send_if_dirty() -> None:
        if once_per_commit in dirty:
            dirty.discard(once_per_commit)
            if at_most_every > 0:
                send_coalesced(once_per_commit, compute(), every=at_most_every, before=before_send)
            else:
                _send_all(compute(), before_send)

    transaction.on_commit(send_if_dirty, robust=True)


def flush(timeout: float = 5.0) -> bool:
    """Wait until this process's sender thread has sent everything handed to it so far
    (process exit; tests that read the layer right after a commit). True if it did."""
    sender = _sender
    return sender is None or sender.pid != os.getpid() or sender.wait_idle(timeout)


def collecting(func: Callable[..., Any]) -> Callable[..., tuple[Any, list[Event]]]:
    """``func`` made to return ``(result, events)``: the events it published (after its
    commits) are collected instead of sent, for ``send_collected`` (see the module docstring)."""

    @functools.wraps(func)
    def run(*args: Any, **kwargs: Any) -> tuple[Any, list[Event]]:
        _local.events = events = []
        try:
            return func(*args, **kwargs), events
        finally:
            _local.events = None

    return run


async def send_collected(events: list[Event]) -> None:
    """Send events from async code, in order: what ``collecting`` gathered, or an ephemeral
    event (typing) that nothing stores."""
    layer = get_channel_layer()
    for group, event in events:
        try:
            await layer.group_send(group, event)
        except Exception as exc:  # a layer outage loses no message: clients fetch by seq
            layer_outage.failed(exc)
        else:
            layer_outage.succeeded()


def _dirty() -> set[str]:
    dirty = getattr(_local, "dirty", None)
    if dirty is None:
        dirty = _local.dirty = set()
    return dirty


def _send_all(events: Iterable[Event], before: Callable[[], object] | None = None) -> None:
    if before is not None:
        before()
    for group, event in events:
        _send(group, event)


def send_coalesced(
    key: str,
    events: Iterable[Event],
    *,
    every: float,
    before: Callable[[], object] | None = None,
) -> None:
    """Send ``events`` (computed after a commit) now, unless this process sent ``key``'s
    events less than ``every`` seconds ago: then they are held and sent once that time is up,
    and more rounds of the same key until then are covered by that one send (the last events
    given are sent). So every commit is followed, within ``every`` seconds, by one send that
    leaves after it, and a burst of commits makes at most one send per ``every`` seconds
    instead of one each. ``before`` runs in the sender thread just before each such send.
    Only where the process's sender thread sends (Redis); elsewhere, and while collecting for
    a consumer, it is ``_send_all`` (the plain way)."""
    events = list(events)
    sender = _background() if getattr(_local, "events", None) is None else None
    if sender is None or _relay:
        _send_all(events, before)
        return
    sender.put_coalesced(key, events, every, before)


def _send(group: str, event: dict[str, Any]) -> None:
    """Send now: to the collecting consumer, through the relay, or to the layer."""
    pending = getattr(_local, "events", None)
    if pending is not None:
        pending.append((group, event))
        return
    layer = get_channel_layer()
    if layer is None:
        return
    if _relay and isinstance(layer, InMemoryChannelLayer):
        _post_to_relay(group, event)
        return
    sender = _background()
    if sender is not None:
        sender.put_send(group, event)
        return
    try:
        async_to_sync(layer.group_send)(group, event)
    except Exception as exc:  # robust: the write is committed, clients fetch what they missed
        layer_outage.failed(exc)
    else:
        layer_outage.succeeded()


_sender: "_Sender | None" = None
_sender_lock = threading.Lock()


def _background() -> "_Sender | None":
    """The process's sender thread when the layer is shared (Redis); None where sending
    inline is right: no layer, or the in-memory one (no network, and it lives on daphne's
    loop)."""
    global _sender
    layer = get_channel_layer()
    if layer is None or isinstance(layer, InMemoryChannelLayer):
        return None
    sender = _sender
    if sender is None or sender.pid != os.getpid():  # first use, or a forked Celery child
        with _sender_lock:
            if _sender is None or _sender.pid != os.getpid():
                _sender = _Sender()
                at_exit(flush, 2.0)
            sender = _sender
    return sender


# What the sender thread is handed: an event to send, or work to run before the next ones.
_Item = Event | Callable[[], object]


class _Sender:
    """One daemon thread per process with its own event loop: sends what it is handed to the
    channel layer, in order."""

    def __init__(self) -> None:
        self.pid = os.getpid()
        self._items: deque[_Item] = deque()
        self._cond = threading.Condition()
        self._busy = False
        # send_coalesced: per key, when its events were last sent (monotonic clock), and the
        # events held until a time (when the last send was too recent).
        self._last_sent: dict[str, float] = {}
        self._held: dict[str, tuple[float, list[_Item]]] = {}
        threading.Thread(target=self._run, name="realtime-sender", daemon=True).start()

    def put_send(self, group: str, event: dict[str, Any]) -> None:
        with self._cond:
            self._items.append((group, event))
            self._cond.notify_all()

    def put_coalesced(
        self,
        key: str,
        events: list[Event],
        every: float,
        before: Callable[[], object] | None = None,
    ) -> None:
        items: list[_Item] = events if before is None else [before, *events]
        with self._cond:
            now = time.monotonic()
            if key in self._held:  # a send after this commit is already due: it covers it
                self._held[key] = (self._held[key][0], items)
                # The thread already waits until that send is due: waking it at every commit
                # of a burst would only make the request hand the GIL over and back.
                return
            if now - self._last_sent.get(key, -every) >= every:
                self._last_sent[key] = now
                self._items.extend(items)
            else:
                self._held[key] = (self._last_sent[key] + every, items)
            self._cond.notify_all()

    def wait_idle(self, timeout: float) -> bool:
        with self._cond:
            return self._cond.wait_for(
                lambda: not self._items and not self._busy and not self._held, timeout
            )

    def _next(self) -> list[_Item]:
        """Everything queued so far, held events whose time has come included (waiting for
        the first), marked busy until the next call."""
        with self._cond:
            self._busy = False
            self._cond.notify_all()
            while True:
                now = time.monotonic()
                for key, (due, events) in list(self._held.items()):
                    if due <= now:
                        del self._held[key]
                        self._last_sent[key] = now
                        self._items.extend(events)
                if self._items:
                    break
                soonest = min((due for due, _events in self._held.values()), default=None)
                self._cond.wait(None if soonest is None else max(soonest - now, 0.0))
            self._busy = True
            items = list(self._items)
            self._items.clear()
            return items

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        while True:
            events: list[Event] = []
            for item in self._next():
                if callable(item):
                    if events:
                        loop.run_until_complete(send_collected(events))
                        events = []
                    self._run_before(item)
                else:
                    events.append(item)
            # send_collected sends in order and logs a layer outage once (core.outage).
            loop.run_until_complete(send_collected(events))

    @staticmethod
    def _run_before(work: Callable[[], object]) -> None:
        try:
            work()
        except Exception as exc:
            before_outage.failed(exc)
        else:
            before_outage.succeeded()


def sign(body: bytes, timestamp: str) -> str:
    """The relay signature of ``body`` at ``timestamp`` (an HMAC with SECRET_KEY)."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def verify(body: bytes, timestamp: str, signature: str) -> bool:
    """Whether the relay view may trust a posted event: signed by us, and recent."""
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
    except OSError as exc:
        relay_outage.failed(exc)
    else:
        relay_outage.succeeded()
