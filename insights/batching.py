"""Deflection events that record no change, only that something was shown ("suggestion shown",
one per answer of the suggestions API), written in batches.

Each was an INSERT of its own in the answer's request: about a third of the cached API's
throughput (README, Performance). Now the process keeps them and one thread writes what has
gathered in one statement, at most INSIGHTS_BATCH_SECONDS after the first of them, and at exit
(``core.exiting``, granian's workers included). The price: a process killed without warning
loses up to that much of these rows (a report counts a few suggestions fewer); rows that record
a change (a request, a chat) are still written in its own transaction (``insights.lifecycle``,
``insights.receivers``). A database outage is logged once (``core.outage``), its rows kept.

Not through the cache, as article views are counted (``faq.caching``): a view is a number to
add to, an event is a row, and Django's cache has no atomic append. ``record`` with
INSIGHTS_BATCH_SECONDS = 0 is the plain way (``services.event_record``), as in-process tests
run it; tests/insights/test_batching.py shows the two write the same rows."""

import logging
import os
import threading
import time
from collections import deque
from dataclasses import asdict

from django.conf import settings
from django.db import connection

from core.exiting import at_exit
from core.outage import OutageLog
from insights import services
from insights.models import Event

log = logging.getLogger(__name__)

# One statement's rows at most; a burst larger than this is written in several.
BATCH_ROWS = 500
# Rows kept while the database cannot be written to; beyond this the oldest are dropped.
PENDING_MAX = 20_000


def record(row: services.EventRow) -> None:
    """Record ``row``: now, or (INSIGHTS_BATCH_SECONDS > 0) within that many seconds with the
    time of this call, like a row written now."""
    writer = _writer()
    if writer is None:
        services.event_record(**asdict(row))
        return
    writer.add(services.event_build(row=row))


def flush(timeout: float = 5.0) -> bool:
    """Write what this process holds now and wait until it is written (process exit; a test
    that reads the rows). True if it was."""
    writer = _current
    return writer is None or writer.pid != os.getpid() or writer.write_now(timeout)


_current: "_Writer | None" = None
_lock = threading.Lock()


def _writer() -> "_Writer | None":
    global _current
    seconds = settings.INSIGHTS_BATCH_SECONDS
    if seconds <= 0:
        return None
    writer = _current
    if writer is None or writer.pid != os.getpid():  # first use, or a forked child
        with _lock:
            if _current is None or _current.pid != os.getpid():
                _current = _Writer()
                at_exit(flush, 5.0)  # what is held is written as the process exits
            writer = _current
    return writer


class _Writer:
    """One daemon thread per process that writes the rows it is handed, a batch at a time."""

    def __init__(self) -> None:
        self.pid = os.getpid()
        self._rows: deque[Event] = deque()
        self._cond = threading.Condition()
        self._first_at = 0.0  # when the oldest row held was handed over (monotonic)
        self._writing = False
        self._now = False  # flush asked: write without waiting for the batch to fill
        self._dropping = False  # rows are being dropped in the outage under way (logged once)
        self._outage = OutageLog(
            "insights batching",
            "database",
            calls="writes",
            note=f"rows are kept, up to {PENDING_MAX}, and written when it is back",
        )
        threading.Thread(target=self._run, name="insights-batching", daemon=True).start()

    def add(self, event: Event) -> None:
        with self._cond:
            if not self._rows:
                self._first_at = time.monotonic()
                self._cond.notify_all()  # the thread sleeps until there is something
            elif len(self._rows) >= PENDING_MAX:
                self._rows.popleft()
                if not self._dropping:
                    self._dropping = True
                    log.warning(
                        "insights batching: %d rows pending, the oldest dropped", PENDING_MAX
                    )
            self._rows.append(event)
            if len(self._rows) == BATCH_ROWS:
                self._cond.notify_all()

    def write_now(self, timeout: float) -> bool:
        with self._cond:
            self._now = True
            self._cond.notify_all()
            return self._cond.wait_for(lambda: not self._rows and not self._writing, timeout)

    def _next(self) -> list[Event]:
        """The next batch: once the oldest row has waited INSIGHTS_BATCH_SECONDS, the batch is
        full, or a flush asks."""
        with self._cond:
            self._writing = False
            self._cond.notify_all()
            while True:
                if self._rows:
                    seconds = settings.INSIGHTS_BATCH_SECONDS
                    left = self._first_at + seconds - time.monotonic()
                    if self._now or left <= 0 or len(self._rows) >= BATCH_ROWS:
                        break
                    self._cond.wait(left)
                else:
                    self._now = False
                    self._cond.wait()
            batch = [self._rows.popleft() for _ in range(min(len(self._rows), BATCH_ROWS))]
            self._first_at = time.monotonic()  # what is left is written in the next round
            self._writing = True
            return batch

    def _run(self) -> None:
        while True:
            batch = self._next()
            try:
                Event.objects.bulk_create(batch)
            except Exception as exc:
                self._outage.failed(exc)
                with self._cond:
                    self._rows.extendleft(reversed(batch))
                    self._now = False  # retried a batch's time later, not in a tight loop
                    self._first_at = time.monotonic()
            else:
                self._outage.succeeded()
                self._dropping = False
            finally:
                # A connection a second is nothing beside the batch, and none is left open
                # between batches (a database restarted meanwhile, or dropped by tests).
                connection.close()
