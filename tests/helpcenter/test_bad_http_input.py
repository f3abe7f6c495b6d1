"""Bad HTTP input to the server `make run` starts gets a status, not a dropped connection or
an error in the log: long links, unknown websocket paths."""

import socket

import httpx
import pytest
import websockets.sync.client
from websockets.exceptions import InvalidStatus

from tests.waiting import HTTP_TIMEOUT


def status_line(port: int, target: str) -> bytes:
    """The first line of the server's answer to a GET written by hand (HTTP clients refuse to
    send such long URLs)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
        raw.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        return raw.makefile("rb").readline()


@pytest.mark.parametrize("length", [20_000, 90_000])
def test_a_very_long_query_string_is_answered_414(live_daphne, length):
    answer = status_line(live_daphne.port, "/en/search/?q=" + "a" * length)

    assert answer.startswith(b"HTTP/1.1 414")


def test_a_link_just_under_8_kb_is_served(live_daphne):
    response = httpx.get(
        f"{live_daphne.url}/en/search/", params={"q": "a" * 8000}, timeout=HTTP_TIMEOUT
    )

    assert response.status_code == 200


def test_an_unknown_websocket_path_is_refused_quietly(live_daphne):
    with pytest.raises(InvalidStatus) as refused:
        websockets.sync.client.connect(f"{live_daphne.ws_url}/ws/nowhere/", origin=live_daphne.url)

    assert refused.value.response.status_code == 403
    assert "Traceback" not in live_daphne.output()
    assert "ERROR" not in live_daphne.output()
