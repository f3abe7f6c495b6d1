"""Sending deliveries to a real HTTP receiver: signature, retries with the schedule, the lease,
redelivery, disabling after a day of failures, the purge."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from standardwebhooks.webhooks import Webhook

from helpcenter.celery import app as celery_app
from tests.factories import staff_user
from tests.tickets.factories import TicketFactory
from webhooks import services
from webhooks.models import Attempt, Delivery

START = dt.datetime(2026, 11, 30, 2, 0, tzinfo=dt.UTC)


def only_delivery(event_type: str = "ticket.created") -> Delivery:
    return Delivery.objects.get(event_type=event_type)


def test_the_signature_verifies_with_the_standardwebhooks_library(subscription, receiver):
    ticket = TicketFactory()

    assert services.delivery_send(delivery_id=only_delivery().pk)

    [request] = receiver.wait_for(1)
    payload = Webhook(subscription.secret).verify(request.body, request.headers)
    assert payload["type"] == "ticket.created"
    assert payload["data"]["ticket"]["id"] == ticket.pk
    assert request.headers["webhook-id"] == only_delivery().event_id
    assert request.path == "/hooks"


def test_a_delivered_event_records_its_attempt_without_the_payload(subscription, receiver):
    TicketFactory()

    services.delivery_send(delivery_id=only_delivery().pk)

    delivery = only_delivery()
    attempt = Attempt.objects.get(delivery=delivery)
    assert delivery.status == Delivery.Status.DELIVERED
    assert delivery.delivered_at is not None
    assert (attempt.status_code, attempt.response_excerpt) == (200, "ok")


def test_a_500_answer_is_retried_on_the_schedule(subscription, receiver):
    receiver.answer = 500
    with time_machine.travel(START, tick=False) as clock:
        TicketFactory()
        delivery_id = only_delivery().pk

        assert not services.delivery_send(delivery_id=delivery_id)
        first = only_delivery()
        assert first.next_attempt_at == START + dt.timedelta(seconds=5)
        assert not services.delivery_send(delivery_id=delivery_id)  # not due yet: no request
        assert len(receiver.requests) == 1

        clock.move_to(START + dt.timedelta(seconds=5))
        assert services.delivery_send(delivery_id=delivery_id) is False

    second = only_delivery()
    assert len(receiver.requests) == 2
    assert second.attempts == 2
    assert second.next_attempt_at == START + dt.timedelta(minutes=1)
    assert second.status == Delivery.Status.PENDING
    assert [a.status_code for a in Attempt.objects.filter(delivery=second)] == [500, 500]
    assert len(Attempt.objects.filter(delivery=second).first().response_excerpt) == 200


def test_a_receiver_that_does_not_answer_in_time_is_retried(subscription, receiver):
    receiver.answer = "hang"
    with time_machine.travel(START, tick=False):
        TicketFactory()

        assert not services.delivery_send(delivery_id=only_delivery().pk)

    attempt = Attempt.objects.get()
    assert attempt.status_code is None
    assert attempt.response_excerpt == "Timed out after 1 s"
    assert only_delivery().next_attempt_at == START + dt.timedelta(seconds=5)


def test_the_sweep_queues_due_retries_once(subscription, receiver):
    receiver.answer = 500
    with time_machine.travel(START, tick=False) as clock:
        TicketFactory()
        services.delivery_send(delivery_id=only_delivery().pk)

        assert services.deliveries_sweep() == []
        clock.move_to(START + dt.timedelta(seconds=5))
        assert services.deliveries_sweep() == [only_delivery().pk]
        assert services.deliveries_sweep() == []


def test_a_leased_delivery_is_not_sent_by_a_second_worker(subscription, receiver):
    TicketFactory()
    Delivery.objects.update(leased_until=timezone.now() + dt.timedelta(minutes=1))

    assert not services.delivery_send(delivery_id=only_delivery().pk)

    assert receiver.requests == []


def test_redelivery_from_admin_keeps_the_event_id(subscription, receiver, admin_client):
    TicketFactory()
    services.delivery_send(delivery_id=only_delivery().pk)

    response = admin_client.post(
        reverse("admin:webhooks_delivery_changelist"),
        {"action": "redeliver", "_selected_action": [only_delivery().pk]},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    services.delivery_send(delivery_id=only_delivery().pk)

    assert "1 delivery queued to be sent again." in response.content.decode()
    first, second = receiver.wait_for(2)
    assert first.headers["webhook-id"] == second.headers["webhook-id"]
    assert first.body == second.body
    assert only_delivery().status == Delivery.Status.DELIVERED


def test_a_supervisor_cannot_redeliver(subscription, client):
    client.force_login(staff_user("supervisor"))
    TicketFactory()

    response = client.post(
        reverse("admin:webhooks_delivery_changelist"),
        {"action": "redeliver", "_selected_action": [only_delivery().pk]},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 403
    assert only_delivery().attempts == 0


def test_a_day_of_failures_turns_the_subscription_off_and_mails_the_admins(
    subscription,
    receiver,
    admin_user,
    smtp_capture,
    settings,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp_capture.port
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)
    receiver.answer = 500
    with time_machine.travel(START, tick=False) as clock:
        TicketFactory()
        delivery_id = only_delivery().pk
        for due in services.SCHEDULE:
            clock.move_to(START + due)
            with django_capture_on_commit_callbacks(execute=True):
                services.delivery_send(delivery_id=delivery_id)

    subscription.refresh_from_db()
    assert len(receiver.requests) == services.MAX_ATTEMPTS
    assert not subscription.is_active
    assert subscription.disabled_reason.startswith("Every delivery failed since")
    assert only_delivery().status == Delivery.Status.FAILED
    mail = smtp_capture.wait_for(lambda m: m["To"] == "root@wallet.example")
    assert subscription.name in str(mail["Subject"])
    subscription.refresh_from_db()
    assert subscription.notice_queued_at is None  # sent: the sweep will not queue it again


def test_one_failure_short_of_a_day_keeps_the_subscription_on(subscription, receiver):
    receiver.answer = 500
    with time_machine.travel(START, tick=False) as clock:
        TicketFactory()
        for due in services.SCHEDULE[:-1]:
            clock.move_to(START + due)
            services.delivery_send(delivery_id=only_delivery().pk)

    subscription.refresh_from_db()
    assert subscription.is_active
    assert subscription.failing_since == START


def test_a_success_clears_the_failures(subscription, receiver):
    receiver.answer = 500
    with time_machine.travel(START, tick=False) as clock:
        TicketFactory()
        services.delivery_send(delivery_id=only_delivery().pk)
        receiver.answer = 200
        clock.move_to(START + dt.timedelta(seconds=5))
        services.delivery_send(delivery_id=only_delivery().pk)

    subscription.refresh_from_db()
    assert subscription.failing_since is None


def test_redelivery_is_refused_while_the_subscription_is_off(subscription, receiver):
    TicketFactory()
    subscription.is_active = False
    subscription.save()

    with pytest.raises(ValidationError):
        services.delivery_redeliver(delivery=only_delivery())


def test_deliveries_are_deleted_seven_days_after_they_finished(subscription, receiver):
    with time_machine.travel(START, tick=False) as clock:
        TicketFactory()
        services.delivery_send(delivery_id=only_delivery().pk)
        clock.move_to(START + dt.timedelta(days=6, hours=23))
        TicketFactory()
        services.delivery_send(delivery_id=Delivery.objects.latest("pk").pk)

        clock.move_to(START + dt.timedelta(days=7, minutes=1))
        services.deliveries_sweep()

    [kept] = Delivery.objects.all()
    assert kept.created_at == START + dt.timedelta(days=6, hours=23)
    assert Attempt.objects.filter(delivery__isnull=False).count() == 1
