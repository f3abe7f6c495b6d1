"""The server's own time of each request, for benchmarks that drive the stack from a client on
the same machine: ``ServerTimingWSGI`` wraps the outermost WSGI application and answers, in
two response headers, when the application began (``CLOCK_MONOTONIC``, the same clock in
every process of the machine) and how long it took, wall and CPU of the worker's thread:

    X-Bench-Began: 181234567890123
    Server-Timing: app;dur=12.345, cpu;dur=11.002

A client that notes when it sent the request and when it had the whole answer can then split
its latency into *before* (its own send, the server's accept and queue), *app* (the WSGI
application) and *after* (the server writing the body, the client reading and parsing it),
with no log to correlate. ``split`` does that.

The headers are added once the application has returned (its ``start_response`` is captured
and replayed), so "app" covers everything the application does before the server sends a
byte: every WSGI layer, Django, the access log. It does not cover iterating the body, which
for Django's responses is a list already built. Bench-only: the product never sees it.
"""

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

BEGAN = "X-Bench-Began"
TIMING = "Server-Timing"


class ServerTimingWSGI:
    def __init__(self, application: Callable[..., Iterable[bytes]]) -> None:
        self.application = application

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        began = time.monotonic_ns()
        cpu = time.thread_time_ns()
        captured: list[Any] = []

        def capture(status: str, headers: list, exc_info: Any = None) -> Callable[[bytes], None]:
            captured[:] = [status, headers, exc_info]

            def write(data: bytes) -> None:  # pragma: no cover - Django never calls write()
                raise RuntimeError("ServerTimingWSGI does not support write()")

            return write

        body = self.application(environ, capture)
        wall_ms = (time.monotonic_ns() - began) / 1e6
        cpu_ms = (time.thread_time_ns() - cpu) / 1e6
        status, headers, exc_info = captured
        headers = [
            *headers,
            (BEGAN, str(began)),
            (TIMING, f"app;dur={wall_ms:.3f}, cpu;dur={cpu_ms:.3f}"),
        ]
        start_response(status, headers, exc_info)
        return body


@dataclass(frozen=True)
class Split:
    """One request's latency as the client saw it, in milliseconds, and its parts."""

    total: float  # client: request sent → whole answer read
    before: float  # request sent → application began (client send, server accept, queue)
    app: float  # the WSGI application, wall
    cpu: float  # the WSGI application, CPU of the worker's thread
    after: float  # application returned → whole answer read by the client


def parse(headers: Mapping[str, str]) -> tuple[int, float, float] | None:
    """(began in ns, app ms, cpu ms) from a response's headers; None without them. ``headers``
    is any case-insensitive mapping (httpx's) or one with lower-case names."""
    began = headers.get(BEGAN) or headers.get(BEGAN.lower())
    timing = headers.get(TIMING) or headers.get(TIMING.lower())
    if not began or not timing:
        return None
    parts = {}
    for item in timing.split(","):
        name, _, value = item.strip().partition(";dur=")
        parts[name] = float(value)
    return int(began), parts["app"], parts["cpu"]


def split(sent_ns: int, done_ns: int, headers: Mapping[str, str]) -> Split | None:
    """The parts of a request the client sent at ``sent_ns`` and had read at ``done_ns``
    (both ``time.monotonic_ns()``); None if the answer has no timing headers."""
    parsed = parse(headers)
    if parsed is None:
        return None
    began, app, cpu = parsed
    before = (began - sent_ns) / 1e6
    total = (done_ns - sent_ns) / 1e6
    return Split(total=total, before=before, app=app, cpu=cpu, after=total - before - app)
