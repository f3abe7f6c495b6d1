"""End to end: a real Celery worker sends what the web process queued, to a real receiver."""

import datetime as dt
import signal

import pytest
from django.utils import timezone
from standardwebhooks.webhooks import Webhook

from tests.factories import UserFactory
from tests.tickets.factories import TicketFactory
from tests.waiting import wait_until
from webhooks import services
from webhooks.models import Delivery, Subscription

pytestmark = pytest.mark.django_db(transaction=True)


def delivered() -> bool:
    return Delivery.objects.filter(status=Delivery.Status.DELIVERED).exists()


def test_the_worker_delivers_a_new_request_after_commit(subscription, receiver, celery_worker):
    ticket = TicketFactory()

    [request] = receiver.wait_for(1)
    payload = Webhook(subscription.secret).verify(request.body, request.headers)
    assert payload["data"]["ticket"]["reference"] == ticket.reference
    wait_until(delivered, what="the delivery marked delivered")


def test_after_a_worker_is_killed_mid_send_the_retry_carries_the_same_id(
    subscription, receiver, start_celery_worker
):
    receiver.answer = "hang"
    worker = start_celery_worker()
    TicketFactory()
    receiver.wait_for(1)
    worker.stop(signal.SIGKILL)
    receiver.answer = 200
    # The killed worker's lease runs out (time passing, written down here).
    Delivery.objects.update(leased_until=timezone.now() - dt.timedelta(seconds=1))
    start_celery_worker()

    services.deliveries_sweep(now=timezone.now() + services.REQUEUE_AFTER * 2)

    first, second = receiver.wait_for(2)
    assert first.headers["webhook-id"] == second.headers["webhook-id"]
    wait_until(delivered, what="the delivery marked delivered")


def test_the_worker_turns_off_a_subscription_failing_for_a_day_and_mails_the_admins(
    subscription, receiver, celery_worker, smtp_capture
):
    UserFactory(username="boss", email="boss@wallet.example", is_staff=True, is_superuser=True)
    Subscription.objects.update(failing_since=timezone.now() - dt.timedelta(hours=25))
    receiver.answer = 500

    TicketFactory()

    mail = smtp_capture.wait_for(lambda m: m["To"] == "boss@wallet.example")
    assert subscription.name in str(mail["Subject"])
    assert not Subscription.objects.get().is_active
