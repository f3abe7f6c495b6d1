"""bench.server_timing: the server's own time of a request, in the answer's headers."""

import time

from bench.server_timing import BEGAN, TIMING, ServerTimingWSGI, parse, split


def _page(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/html"), ("Content-Length", "5")])
    return [b"hello"]


def _call(application):
    started = {}

    def start_response(status, headers, exc_info=None):
        started.update(status=status, headers=headers)

    body = application({"REQUEST_METHOD": "GET", "PATH_INFO": "/"}, start_response)
    return started, b"".join(body)


def test_the_answer_keeps_its_status_headers_and_body_and_gains_the_timing_headers():
    before = time.monotonic_ns()
    started, body = _call(ServerTimingWSGI(_page))
    headers = dict(started["headers"])
    assert started["status"] == "200 OK"
    assert body == b"hello"
    assert headers["Content-Type"] == "text/html"
    assert headers["Content-Length"] == "5"
    began, app_ms, cpu_ms = parse(headers)
    assert before <= began <= time.monotonic_ns()
    assert app_ms >= 0
    assert cpu_ms >= 0


def test_split_parts_add_up_to_what_the_client_measured():
    headers = {BEGAN.lower(): "1000000000", TIMING.lower(): "app;dur=12.5, cpu;dur=10.0"}
    parts = split(990_000_000, 1_030_000_000, headers)
    assert parts.total == 40.0
    assert parts.before == 10.0
    assert parts.app == 12.5
    assert parts.cpu == 10.0
    assert parts.after == 17.5


def test_an_answer_without_timing_headers_has_no_split():
    assert split(0, 1, {"content-type": "text/html"}) is None
