"""Delivery through a real Celery worker process and a real SMTP server."""

import datetime as dt
import signal

import pytest
from django.utils import timezone

from tests.tickets.factories import TicketFactory
from tests.waiting import wait_until
from tickets import access, notifications, services, tasks
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

    root = notifications.thread_root_id(ticket)
    confirmations = [m for m in smtp_capture.messages if m["Message-ID"] == root]
    assert len(confirmations) == 1
    assert new_link["In-Reply-To"] == root
    assert new_link.get_content_type() == "multipart/alternative"
    confirmation.refresh_from_db()
    assert confirmation.status == Notification.Status.SENT


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_between_smtp_and_marking_sent_leaves_the_same_email_sent_again(
    start_celery_worker, smtp_capture, category
):
    smtp_capture.hold_replies()
    first_worker = start_celery_worker()
    ticket = TicketFactory(category=category, language="en", subject="Top-up stuck")
    root = notifications.thread_root_id(ticket)
    confirmation = Notification.objects.get(kind=Notification.Kind.CREATED)
    # The message is at the SMTP server; the worker waits for the reply and has not marked it.
    smtp_capture.wait_for(lambda m: m["Message-ID"] == root)

    first_worker.stop(signal.SIGKILL)
    smtp_capture.release_replies()
    confirmation.refresh_from_db()
    assert confirmation.status == Notification.Status.SENDING
    start_celery_worker()
    # The beat sweep, run once a send can no longer be under way.
    requeued = notifications.requeue_stale(
        now=timezone.now() + notifications.SENDING_TIMEOUT + dt.timedelta(seconds=1)
    )

    assert requeued == [confirmation.pk]
    wait_until(
        lambda: Notification.objects.filter(
            pk=confirmation.pk, status=Notification.Status.SENT
        ).exists(),
        timeout=30,
        what="the confirmation marked sent",
    )
    copies = [m for m in smtp_capture.messages if m["Message-ID"] == root]
    assert len(copies) == 2
    assert copies[0]["Subject"] == copies[1]["Subject"] == f"[{ticket.reference}] Top-up stuck"
