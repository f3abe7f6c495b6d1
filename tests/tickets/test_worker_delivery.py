"""Delivery through a real Celery worker process and a real SMTP server."""

import pytest

from tests.tickets.factories import TicketFactory
from tickets import access, services, tasks
from tickets.models import Notification


@pytest.mark.django_db(transaction=True)
def test_worker_sends_each_email_exactly_once_despite_duplicate_tasks(
    celery_worker, smtp_capture, category
):
    ticket = TicketFactory(category=category, language="en", subject="Top-up stuck")
    confirmation = Notification.objects.get(kind=Notification.Kind.CREATED)
    smtp_capture.wait_for(lambda m: m["Subject"] == f"[{ticket.reference}] Top-up stuck")

    for _ in range(3):
        tasks.notification_send.delay(confirmation.pk)
    # The solo worker takes tasks in order: once the e-mail queued after them arrives, the
    # duplicates have all been handled.
    rotated = services.ticket_rotate_portal_link(ticket=ticket, by=None)
    token = access.portal_token(rotated)
    new_link = smtp_capture.wait_for(
        lambda m: token in m.get_body(preferencelist=("plain",)).get_content()
    )

    root = f"<{ticket.reference.lower()}@wallet.example>"
    confirmations = [m for m in smtp_capture.messages if m["Message-ID"] == root]
    assert len(confirmations) == 1
    assert new_link["In-Reply-To"] == root
    assert new_link.get_content_type() == "multipart/alternative"
    confirmation.refresh_from_db()
    assert confirmation.status == Notification.Status.SENT
