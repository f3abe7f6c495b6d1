"""The admins' e-mail about a subscription turned off for failing is not lost with its task:
``notice_queued_at`` stays set until it is sent, and the sweep queues it again."""

import datetime as dt

import pytest
import time_machine

from helpcenter.celery import app as celery_app
from tests.tickets.factories import TicketFactory
from webhooks import services
from webhooks.models import Subscription

START = dt.datetime(2026, 11, 30, 2, 0, tzinfo=dt.UTC)


@pytest.fixture
def smtp(settings, smtp_capture, monkeypatch):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp_capture.port
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)
    return smtp_capture


def turned_off_with_its_task_lost(subscription, receiver, callbacks):
    """A day of failures; the commit's callbacks (the e-mail's task) are dropped."""
    receiver.answer = 500
    with time_machine.travel(START, tick=False) as clock:
        TicketFactory()
        delivery_id = subscription.deliveries.get().pk
        for due in services.SCHEDULE:
            clock.move_to(START + due)
            with callbacks(execute=False):
                services.delivery_send(delivery_id=delivery_id)
    subscription.refresh_from_db()
    assert not subscription.is_active
    return subscription.notice_queued_at


def test_the_sweep_queues_a_lost_notice_again_and_it_is_sent_once(
    subscription, receiver, admin_user, smtp, django_capture_on_commit_callbacks
):
    queued = turned_off_with_its_task_lost(
        subscription, receiver, django_capture_on_commit_callbacks
    )
    assert queued == START + services.SCHEDULE[-1]

    with django_capture_on_commit_callbacks(execute=True) as too_soon:
        services.deliveries_sweep(now=queued + services.REQUEUE_AFTER - dt.timedelta(seconds=1))
    assert too_soon == []  # the first task may still be on its way
    with django_capture_on_commit_callbacks(execute=True):
        services.deliveries_sweep(now=queued + services.REQUEUE_AFTER + dt.timedelta(seconds=1))

    mail = smtp.wait_for(lambda m: m["To"] == "root@wallet.example")
    assert subscription.name in str(mail["Subject"])
    assert Subscription.objects.get(pk=subscription.pk).notice_queued_at is None
    with django_capture_on_commit_callbacks(execute=True) as later:
        services.deliveries_sweep(now=queued + dt.timedelta(hours=1))
    assert later == []  # sent: never queued again


def test_a_subscription_turned_on_again_has_no_notice_due(
    subscription, receiver, admin_user, smtp, django_capture_on_commit_callbacks
):
    queued = turned_off_with_its_task_lost(
        subscription, receiver, django_capture_on_commit_callbacks
    )

    services.subscription_reactivate(subscription=subscription)

    assert Subscription.objects.get(pk=subscription.pk).notice_queued_at is None
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.deliveries_sweep(now=queued + dt.timedelta(hours=1))
    assert callbacks == []
