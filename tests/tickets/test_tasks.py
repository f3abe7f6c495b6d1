import pytest
from django.core import mail

from helpcenter.celery import app
from tests.tickets.factories import TicketFactory
from tickets import tasks
from tickets.models import Notification

pytestmark = pytest.mark.django_db


def test_beat_runs_the_sla_sweep_and_the_outbox_requeue_every_minute():
    schedule = {entry["task"]: entry["schedule"] for entry in app.conf.beat_schedule.values()}

    assert schedule["tickets.sla_sweep"] == 60.0
    assert schedule["tickets.notifications_requeue"] == 60.0
    assert {"tickets.sla_sweep", "tickets.notifications_requeue"} <= set(app.tasks)


def test_send_many_sends_each_row_once(category):
    TicketFactory(category=category)
    TicketFactory(category=category)
    ids = list(Notification.objects.values_list("id", flat=True))

    sent = tasks.notification_send_many.apply(args=[ids + ids]).get()

    assert sent == 2
    assert len(mail.outbox) == 2
