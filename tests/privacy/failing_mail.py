"""A mail backend whose server refuses the connection, as an unreachable SMTP server does."""

from django.core.mail.backends.base import BaseEmailBackend


class Backend(BaseEmailBackend):
    def send_messages(self, email_messages: list) -> int:
        raise ConnectionRefusedError("SMTP server unreachable")
