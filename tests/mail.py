"""A real SMTP server (aiosmtpd) on loopback that records every message, for mail tests."""

import asyncio
import email
import email.policy
import threading
from email.message import EmailMessage

from aiosmtpd.controller import Controller

from tests.services import free_port
from tests.waiting import wait_until


class _Handler:
    def __init__(self, capture: "SmtpCapture") -> None:
        self.capture = capture

    async def handle_DATA(self, server, session, envelope) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.capture.lock:
            self.capture.messages.append(message)
        # Held: the message is here, the sender still waits for its reply (see hold_replies).
        if not self.capture.released.is_set():
            await asyncio.get_running_loop().run_in_executor(None, self.capture.released.wait)
        return "250 Message accepted for delivery"


class SmtpCapture:
    def __init__(self) -> None:
        self.port = free_port()
        self.messages: list[EmailMessage] = []
        self.lock = threading.Lock()
        self.released = threading.Event()
        self.released.set()
        self.controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port)

    def start(self) -> "SmtpCapture":
        self.controller.start()
        return self

    def stop(self) -> None:
        self.released.set()
        self.controller.stop()

    def hold_replies(self) -> None:
        """Record each message but keep its sender waiting for the reply to DATA until
        ``release_replies``: the sender is then between "handed to SMTP" and "accepted"."""
        self.released.clear()

    def release_replies(self) -> None:
        self.released.set()

    def wait_for(self, predicate, *, timeout: float = 60.0) -> EmailMessage:
        """The first message for which ``predicate(message)`` holds, waiting up to ``timeout``."""

        def find():
            with self.lock:
                return next((m for m in self.messages if predicate(m)), None)

        return wait_until(find, timeout=timeout, what="an e-mail")
