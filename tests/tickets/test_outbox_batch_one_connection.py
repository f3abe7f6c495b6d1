"""A batch of outbox rows goes over one SMTP connection (tickets.notifications.send_many),
each row still claimed, sent and marked on its own, exactly as ``send`` one by one."""

import pytest
from django.core.mail.backends.smtp import EmailBackend

from tests.tickets.factories import TicketFactory
from tickets import notifications
from tickets.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp(settings, smtp_capture, monkeypatch):
    """Mail to a real SMTP server on loopback; ``opened`` counts the SMTP connections made."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp_capture.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    real_open = EmailBackend.open
    opened = []

    def open_counting(self):
        created = real_open(self)
        if created:
            opened.append(1)
        return created

    monkeypatch.setattr(EmailBackend, "open", open_counting)
    smtp_capture.opened = opened
    return smtp_capture


def confirmations(category, count: int) -> list[int]:
    for _ in range(count):
        TicketFactory(category=category)
    return list(Notification.objects.order_by("pk").values_list("pk", flat=True))


def test_a_batch_is_sent_over_one_connection_and_each_row_is_marked_sent(category, smtp):
    ids = confirmations(category, 3)

    sent = notifications.send_many(ids + ids)  # ids twice: each row is sent once

    assert (sent, len(smtp.messages), len(smtp.opened)) == (3, 3, 1)
    assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}


def test_a_batch_sends_the_same_messages_as_one_by_one(category, smtp):
    ids = confirmations(category, 2)
    notifications.send_many(ids)
    batched = [(m["Message-ID"], m["Subject"], m["To"]) for m in smtp.messages]
    Notification.objects.update(status=Notification.Status.PENDING)
    smtp.messages.clear()

    for pk in ids:
        notifications.send(pk)
    one_by_one = [(m["Message-ID"], m["Subject"], m["To"]) for m in smtp.messages]

    assert batched == one_by_one
    assert len(smtp.opened) == 1 + 2


def test_a_batch_with_the_server_down_leaves_every_row_pending(category, settings):
    ids = confirmations(category, 2)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens (discard)
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 2

    sent = notifications.send_many(ids)

    assert sent == 0
    assert set(Notification.objects.values_list("status", flat=True)) == {"pending"}
