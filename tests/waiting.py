"""Wait on a condition with a timeout: the only way tests synchronise with other processes.

The timeout is generous (30 s): what a test waits for here is certain to happen (a server
listening, a frame, an e-mail), so the timeout only says how long a failure takes to show, and
the suite shares its machine with others (at a load of 10-14 on 2 cores a daphne or Celery
worker gets a sixth of a core). A test that must show that something does NOT happen waits a
short, fixed time instead, without this helper."""

import threading
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
# Every HTTP client a test makes: httpx gives up after 5 s by default, and a live server's first
# request (URLs, templates, the first database connection) can take longer on a loaded machine.
HTTP_TIMEOUT = 30.0
_never_set = threading.Event()


class GiveUp(Exception):
    """Raised by a predicate when waiting longer cannot help (e.g. the server exited)."""


def wait_until(
    predicate: Callable[[], T], *, timeout: float = 30.0, interval: float = 0.05, what: str = ""
) -> T:
    """Return the first truthy value of ``predicate()``; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        try:
            value = predicate()
        except GiveUp:
            raise
        except Exception as exc:
            last_error = exc
        else:
            if value:
                return value
        _never_set.wait(interval)
    detail = f" (last error: {last_error!r})" if last_error else ""
    raise TimeoutError(f"timed out after {timeout}s waiting for {what or predicate}{detail}")
