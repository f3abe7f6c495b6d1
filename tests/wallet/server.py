"""A real local HTTP wallet for the adapter's tests: a threaded ``http.server`` on a free
loopback port that checks the help center's signature and answers as the contract in
docs/security-desk.md says. ``mode`` makes it misbehave: "slow", "error" (500),
"bad_signature"."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.services import free_port
from wallet.http_wallet import (
    REQUEST_SIGNATURE,
    REQUEST_TIMESTAMP,
    RESPONSE_SIGNATURE,
    RESPONSE_TIMESTAMP,
    sign,
    signature_valid,
)

SECRET = "test-wallet-secret"

CUSTOMER = {
    "wallet_user_id": "w-1001",
    "status": "active",
    "email": "emma.clark@example.com",
    "phone": "+8613800001234",
    "verification_level": "full",
    "frozen": False,
    "balance": "1520.35",
    "currency": "CNY",
}
TRANSACTION = {
    "number": "TX20261130001",
    "amount": "-200.00",
    "currency": "CNY",
    "status": "completed",
    "created_at": "2026-11-29T08:15:00+00:00",
    "counterparty": "**** 4821",
}


class FakeWallet:
    def __init__(self) -> None:
        self.mode = "ok"
        self.requests: list[tuple[str, dict[str, Any]]] = []
        self.frozen = False
        self.port = free_port()
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.release = threading.Event()  # ends a "slow" answer when the test is over

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "FakeWallet":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()

    def answer(self, operation: str, payload: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        customer = {**CUSTOMER, "frozen": self.frozen}
        if operation == "customers/lookup":
            known = (
                payload.get("email") == CUSTOMER["email"]
                or payload.get("wallet_user_id") == CUSTOMER["wallet_user_id"]
            )
            return (200, {"customer": customer}) if known else (404, {"error": "not_found"})
        if operation == "transactions/recent":
            return 200, {"transactions": [TRANSACTION]}
        if operation == "transactions/get":
            found = payload["number"] == TRANSACTION["number"]
            return (200, {"transaction": TRANSACTION}) if found else (404, {"error": "not_found"})
        if operation in ("accounts/freeze", "accounts/unfreeze"):
            self.frozen = operation == "accounts/freeze"
            return 200, {"customer": {**customer, "frozen": self.frozen}}
        if operation == "accounts/close":
            return 200, {"customer": {**customer, "status": "closed"}}
        if operation == "codes/send":
            return 200, {"destination": "*** **** 1234"}
        return 404, {"error": "unknown_operation"}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        wallet = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                operation = self.path.removeprefix("/v1/")
                if not signature_valid(
                    SECRET,
                    self.headers.get(REQUEST_TIMESTAMP, ""),
                    body,
                    self.headers.get(REQUEST_SIGNATURE, ""),
                ):
                    self._send(401, {"error": "bad_signature"})
                    return
                payload = json.loads(body)
                wallet.requests.append((operation, payload))
                if wallet.mode == "slow":
                    wallet.release.wait(10)
                if wallet.mode == "error":
                    self._send(500, {"error": "internal"})
                    return
                self._send(*wallet.answer(operation, payload))

            def _send(self, status: int, data: dict[str, Any]) -> None:
                body = json.dumps(data).encode()
                timestamp = str(int(time.time()))
                secret = "not-the-secret" if wallet.mode == "bad_signature" else SECRET
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.send_header(RESPONSE_TIMESTAMP, timestamp)
                self.send_header(RESPONSE_SIGNATURE, sign(secret, timestamp, body))
                self.end_headers()
                self.wfile.write(body)

        return Handler
