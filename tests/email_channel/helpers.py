"""Feeding mail through the pipe command in this process, and reading the outbox."""

import io
import subprocess
import sys

from django.core.management import call_command

from email_channel.models import InboundEmail
from tickets import notifications
from tickets.models import Notification


def run_pipe(raw: bytes, **env: str) -> subprocess.CompletedProcess:
    """``manage.py inbound_email < raw`` as an MTA runs it: a process on the test database."""
    from tests.conftest import ROOT, server_env

    return subprocess.run(
        [sys.executable, "manage.py", "inbound_email"],
        input=raw,
        cwd=ROOT,
        env=server_env(**env),
        capture_output=True,
        timeout=60,
        check=False,
    )


def pipe(raw: bytes) -> InboundEmail:
    """``manage.py inbound_email < raw``, in-process; the record it wrote."""
    out = io.StringIO()
    call_command("inbound_email", stdin=io.BytesIO(raw), stdout=out)
    _status, message_id = out.getvalue().split()
    return InboundEmail.objects.get(message_id=message_id)


def send_all() -> None:
    """Deliver every pending outbox row (to Django's test outbox)."""
    for pk in Notification.objects.filter(status="pending").values_list("id", flat=True):
        notifications.send(pk)
