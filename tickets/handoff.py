"""Committed outbox rows go to Celery from one background thread per process.

Sending a Celery task message is real work (the message is built and serialised twice over,
then a Redis round trip) that the customer should not wait for, and one message per row repeats
it for every e-mail (figures in docs/tickets.md). So the request only puts the new row ids on a
queue, and a thread sends whatever has gathered since its last send as one task message. When
the site is quiet every id goes out at once; under load several share a message, and nobody
waits for a batch to fill.

Nothing is lost when a process dies with ids still queued: the rows are in the outbox, and the
beat sweep re-queues rows left pending (``notifications.REQUEUE_AFTER``). For the same reason a
broker outage is logged once (``core.outage``), not once per failed hand-off.
"""

import os
import queue
import threading
import time
from collections.abc import Callable

from core.exiting import at_exit
from core.outage import OutageLog

# Under load a longer window means fewer messages for the same ids (one message's CPU is the
# same for one id or twenty); an e-mail leaving a quarter of a second later changes nothing for
# its reader (docs/performance.md, "The API create before Django").
GATHER_SECONDS = 0.25


class Handoff:
    def __init__(self, send: Callable[[list[int]], None]) -> None:
        self._send = send
        self._lock = threading.Lock()
        self._queue: queue.SimpleQueue[list[int]] = queue.SimpleQueue()
        self._pid: int | None = None
        self._outage = OutageLog(
            "outbox", "Celery broker", calls="hand-offs", note="the beat sweep re-queues the rows"
        )

    def put(self, ids: list[int]) -> None:
        if self._pid != os.getpid():
            self._start()
        self._queue.put(ids)

    def _start(self) -> None:
        # Lazily, and again in a forked child (threads do not survive fork; the parent's
        # queue may hold ids the parent will send itself).
        with self._lock:
            if self._pid == os.getpid():
                return
            self._queue = queue.SimpleQueue()
            self._pid = os.getpid()
            threading.Thread(target=self._run, name="outbox-handoff", daemon=True).start()
            at_exit(self.flush)

    def _gathered(self, first: list[int]) -> list[int]:
        ids = list(first)
        while True:
            try:
                ids += self._queue.get_nowait()
            except queue.Empty:
                return ids

    def _send_logged(self, ids: list[int]) -> None:
        try:
            self._send(ids)
        except Exception as exc:
            self._outage.failed(exc)
        else:
            self._outage.succeeded()

    def _run(self) -> None:
        while True:
            first = self._queue.get()
            # A short window lets a busy process put several ids in one message (the thread
            # otherwise wins the GIL at the request's next I/O wait and sends them one by one).
            time.sleep(GATHER_SECONDS)
            self._send_logged(self._gathered(first))

    def flush(self) -> None:
        """Send what is still queued, in the calling thread (at exit)."""
        try:
            ids = self._gathered(self._queue.get_nowait())
        except queue.Empty:
            return
        self._send_logged(ids)
