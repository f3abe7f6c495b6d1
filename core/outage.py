"""One log line per outage, not one traceback per failed call.

Code that talks to a server in a loop (the channel layer, the Celery broker) reports each call
to an ``OutageLog``: the first failure logs one WARNING with the error's class and message, the
failures after it are only counted, and the first success after them logs one INFO line with
the count and the duration. Per process: each process sees, and logs, its own outage.
"""

import logging
import threading
import time

logger = logging.getLogger(__name__)


class OutageLog:
    """``failed(exc)`` after every failed call to ``resource``, ``succeeded()`` after every
    call that worked; ``name`` starts each line (``"realtime: channel layer back after ..."``),
    ``calls`` names what was counted and ``note`` tells the reader what becomes of them."""

    def __init__(self, name: str, resource: str, *, calls: str = "sends", note: str = "") -> None:
        self.name = name
        self.resource = resource
        self.calls = calls
        self.note = f"; {note}" if note else ""
        self._lock = threading.Lock()
        self._failures = 0
        self._since = 0.0

    @property
    def failures(self) -> int:
        """Failed calls in the outage under way (0 when there is none)."""
        return self._failures

    def failed(self, exc: BaseException) -> None:
        with self._lock:
            self._failures += 1
            if self._failures > 1:
                return
            self._since = time.monotonic()
        logger.warning(
            "%s: %s unavailable (%s: %s)%s; failures are counted until it is back",
            self.name,
            self.resource,
            type(exc).__name__,
            exc,
            self.note,
        )

    def succeeded(self) -> None:
        if not self._failures:  # the common case: no lock taken
            return
        with self._lock:
            failures, self._failures = self._failures, 0
            seconds = time.monotonic() - self._since
        if failures:
            logger.info(
                "%s: %s back after %d failed %s in %.0f s",
                self.name,
                self.resource,
                failures,
                self.calls,
                seconds,
            )
