"""A real HTTP endpoint on loopback for webhook tests: it records every request and answers
200, 500, or not at all until the sender's timeout has passed."""

import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.services import free_port
from tests.waiting import wait_until


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


class Receiver:
    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/hooks"
        self.requests: list[Received] = []
        self.lock = threading.Lock()
        self.answer: int | str = 200  # any status (3xx: to /elsewhere), or "hang"
        self._release = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length)
                with receiver.lock:
                    receiver.requests.append(Received(self.path, dict(self.headers.items()), body))
                if receiver.answer == "hang":
                    receiver._release.wait(30)
                    return
                self.send_response(receiver.answer)
                if 300 <= receiver.answer < 400:
                    self.send_header("Location", "/elsewhere")
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                self.wfile.write(b"ok" if receiver.answer == 200 else b"boom " * 100)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> "Receiver":
        self.thread.start()
        return self

    def stop(self) -> None:
        self._release.set()
        self.server.shutdown()
        self.server.server_close()

    def ids(self) -> list[str]:
        with self.lock:
            return [r.headers["webhook-id"] for r in self.requests]

    def wait_for(self, count: int, *, timeout: float = 60.0) -> list[Received]:
        def enough() -> list[Received] | None:
            with self.lock:
                return list(self.requests) if len(self.requests) >= count else None

        return wait_until(enough, timeout=timeout, what=f"{count} webhook requests")
