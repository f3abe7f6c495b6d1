"""Feeding mail through the pipe command in this process, and reading the outbox."""

import io

from django.core.management import call_command

from email_channel.models import InboundEmail
from tickets import notifications
from tickets.models import Notification


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
