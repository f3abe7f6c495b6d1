"""One signed POST to a checked address, with a timeout, no redirects and a short excerpt of
the answer. ``http.client`` (standard library) rather than a client package: it follows no
redirect by itself, and its connection can be pointed at the address ``webhooks.targets``
checked while TLS still verifies the host name."""

import http.client
import socket
import ssl
import time
from dataclasses import dataclass

EXCERPT_CHARS = 200


@dataclass(frozen=True)
class Answer:
    status_code: int | None  # None: no HTTP answer (timeout, refused connection)
    excerpt: str
    duration_ms: int

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, *, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, *, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(
    *,
    scheme: str,
    host: str,
    port: int,
    address: str,
    path: str,
    body: bytes,
    headers: dict[str, str],
    timeout: float,
) -> Answer:
    """POST ``body`` to ``address`` (with ``host`` in the Host header and for TLS). Every
    socket operation (connect, each read) waits at most ``timeout`` seconds."""
    kind = _PinnedHTTPSConnection if scheme == "https" else _PinnedHTTPConnection
    connection = kind(host, port, address=address, timeout=timeout)
    started = time.monotonic()
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        excerpt = response.read(EXCERPT_CHARS * 4).decode("utf-8", "replace")
        status: int | None = response.status
    except TimeoutError:
        status, excerpt = None, f"Timed out after {timeout:g} s"
    except (OSError, http.client.HTTPException) as exc:
        status, excerpt = None, f"{type(exc).__name__}: {exc}"
    finally:
        connection.close()
    duration = int((time.monotonic() - started) * 1000)
    return Answer(
        status_code=status, excerpt=" ".join(excerpt.split())[:EXCERPT_CHARS], duration_ms=duration
    )
