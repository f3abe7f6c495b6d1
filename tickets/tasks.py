"""Celery tasks: thin wrappers that take ids and call the outbox or the SLA sweep."""

from celery import shared_task

from tickets import notifications, services, sla


@shared_task(name="tickets.notification_send")
def notification_send(notification_id: int) -> bool:
    """Deliver one outbox row unless it is sent or claimed: duplicate tasks of one id send it
    once; only a worker killed mid-send sends it again, through the sweep."""
    return notifications.send(notification_id)


@shared_task(name="tickets.notification_send_many")
def notification_send_many(notification_ids: list[int]) -> int:
    """Deliver several outbox rows (queued together by a sweep or the hand-off thread)."""
    return notifications.send_many(notification_ids)


@shared_task(name="tickets.notifications_requeue")
def notifications_requeue() -> int:
    """Beat: re-queue outbox rows left pending (lost task, broker restarted) or left sending by
    a worker killed mid-send."""
    return len(notifications.requeue_stale())


@shared_task(name="tickets.sla_sweep")
def sla_sweep() -> int:
    """Beat: send the SLA reminders and escalations that fell due since the last sweep."""
    return len(sla.sweep())


@shared_task(name="tickets.close_solved")
def close_solved() -> int:
    """Beat: close requests solved ``TICKETS_AUTO_CLOSE_DAYS`` ago that nobody reopened."""
    return services.tickets_close_solved()
