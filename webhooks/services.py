"""Every write of webhooks: the outbox rows (written in the caller's transaction), sending one
delivery under a lease, the retry schedule, redelivery, disabling a failing subscription and
the sweep (due retries, lost tasks, disabling, purge). docs/webhooks.md tells the rules.

Delivery is at least once: a worker killed after the receiver answered and before the row was
marked delivered sends it again, with the same ``webhook-id``, once its lease has run out.
"""

import datetime as dt
import json
import secrets
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from standardwebhooks.webhooks import Webhook

from tickets.handoff import Handoff
from webhooks import selectors, sending, targets
from webhooks.models import Attempt, Delivery, Subscription

# When each attempt is due, counted from the event: the first at once, the last 24 hours later
# (11 attempts). After the last one fails the delivery is failed.
SCHEDULE: tuple[dt.timedelta, ...] = (
    dt.timedelta(0),
    dt.timedelta(seconds=5),
    dt.timedelta(minutes=1),
    dt.timedelta(minutes=5),
    dt.timedelta(minutes=30),
    dt.timedelta(hours=1),
    dt.timedelta(hours=2),
    dt.timedelta(hours=4),
    dt.timedelta(hours=8),
    dt.timedelta(hours=16),
    dt.timedelta(hours=24),
)
MAX_ATTEMPTS = len(SCHEDULE)
# A subscription whose every attempt has failed for this long is turned off.
DISABLE_AFTER = dt.timedelta(hours=24)
# A queued task that has not claimed its row after this long was lost (worker killed, broker
# restarted): the sweep queues the row again.
REQUEUE_AFTER = dt.timedelta(minutes=1)
SWEEP_BATCH = 1000
# A task leases its deliveries this many at a time: two commits per batch instead of two per
# delivery. The lease covers the whole batch, so a killed worker's rows wait for it longer.
LEASE_BATCH = 20
PURGE_BATCH = 2000

Status = Delivery.Status


def _lease(count: int) -> dt.timedelta:
    # Longer than ``count`` sends can take: connect, write and read each wait up to the timeout.
    return dt.timedelta(seconds=3 * settings.WEBHOOKS_TIMEOUT_SECONDS * count + 30)


# --- Handing rows to Celery ---------------------------------------------------------------------


def _enqueue(delivery_ids: list[int]) -> None:
    # Imported here: tasks import this module to do the sending.
    from webhooks.tasks import delivery_send_many

    for start in range(0, len(delivery_ids), 200):
        delivery_send_many.delay(delivery_ids[start : start + 200])


_handoff = Handoff(_enqueue)


def _hand_over(delivery_ids: list[int]) -> None:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        _enqueue(delivery_ids)
    else:
        _handoff.put(delivery_ids)


def enqueue_on_commit(delivery_ids: list[int]) -> None:
    """Hand rows to Celery once the transaction that wrote them has committed."""
    if delivery_ids:
        transaction.on_commit(lambda: _hand_over(delivery_ids))


# --- Writing the outbox -------------------------------------------------------------------------


def deliveries_queue(*, event_type: str, body: dict) -> list[Delivery]:
    """One outbox row per active subscription that wants ``event_type``, written in the
    caller's transaction (a rolled-back change sends nothing) and sent after commit."""
    subscriptions = selectors.subscriptions_wanting(event_type)
    if not subscriptions:
        return []
    now = timezone.now()
    rows = [
        Delivery(
            subscription_id=pk,
            event_type=event_type,
            payload=body,
            schedule_start=now,
            next_attempt_at=now,
            queued_at=now,
        )
        for pk in subscriptions
    ]
    with transaction.atomic():
        for row in rows:
            row.save(force_insert=True)
    enqueue_on_commit([row.pk for row in rows])
    return rows


# --- Sending ------------------------------------------------------------------------------------


def _claim(delivery_ids: list[int], now: dt.datetime) -> list[Delivery]:
    """Lease the due pending rows among ``delivery_ids`` in one conditional UPDATE
    (autocommitted) and return them: of any number of workers racing for a row, one wins, and
    nobody else sends it until the lease runs out."""
    token = secrets.token_hex(8)
    Delivery.objects.filter(
        Q(leased_until__isnull=True) | Q(leased_until__lt=now),
        pk__in=delivery_ids,
        status=Status.PENDING,
        next_attempt_at__lte=now,
        subscription__is_active=True,
    ).update(
        leased_until=now + _lease(len(delivery_ids)),
        lease_token=token,
        attempts=F("attempts") + 1,
    )
    leased = Delivery.objects.select_related("subscription").filter(
        pk__in=delivery_ids, lease_token=token
    )
    return list(leased.order_by("pk"))


def signed_request(delivery: Delivery, *, at: dt.datetime) -> tuple[bytes, dict[str, str]]:
    """The body and headers of a delivery, signed per Standard Webhooks with the
    subscription's secret (webhook-id, webhook-timestamp, webhook-signature)."""
    body = json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":"))
    signature = Webhook(delivery.subscription.secret).sign(delivery.event_id, at, body)
    return body.encode(), {
        "Content-Type": "application/json",
        "User-Agent": "WalletHelpCenter-Webhooks/1",
        "webhook-id": delivery.event_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": signature,
    }


def _post(delivery: Delivery, now: dt.datetime) -> sending.Answer:
    url = delivery.subscription.url
    try:
        scheme, host, port, address = targets.resolve_target(url)
    except ValidationError as refused:
        return sending.Answer(None, " ".join(refused.messages)[:200], 0)
    parts = urlsplit(url)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    body, headers = signed_request(delivery, at=now)
    return sending.post(
        scheme=scheme,
        host=host,
        port=port,
        address=address,
        path=path,
        body=body,
        headers=headers,
        timeout=settings.WEBHOOKS_TIMEOUT_SECONDS,
    )


def deliveries_send(*, delivery_ids: list[int]) -> int:
    """Send the deliveries among ``delivery_ids`` that are due and not leased by another worker,
    ``LEASE_BATCH`` at a time (one UPDATE leases a batch, one transaction records its results);
    log each attempt and schedule the next one (or fail it after the last). Returns how many
    receivers answered 2xx. Call it outside a transaction (tasks do): the lease commits before
    the POSTs."""
    delivered = 0
    for start in range(0, len(delivery_ids), LEASE_BATCH):
        leased = _claim(delivery_ids[start : start + LEASE_BATCH], timezone.now())
        answers = []
        for delivery in leased:
            at = timezone.now()
            answers.append((delivery, at, _post(delivery, at)))
        with transaction.atomic():
            for delivery, at, answer in answers:
                _record(delivery, answer, at=at)
        delivered += sum(answer.ok for _d, _at, answer in answers)
    return delivered


def delivery_send(*, delivery_id: int) -> bool:
    """``deliveries_send`` for one delivery: True when its receiver answered 2xx."""
    return deliveries_send(delivery_ids=[delivery_id]) == 1


def _record(delivery: Delivery, answer: sending.Answer, *, at: dt.datetime) -> None:
    """Log the attempt and apply its result; the caller holds the transaction."""
    now = timezone.now()
    Attempt.objects.create(
        delivery=delivery,
        attempted_at=at,
        status_code=answer.status_code,
        duration_ms=answer.duration_ms,
        response_excerpt=answer.excerpt,
    )
    rows = Delivery.objects.filter(pk=delivery.pk)
    if answer.ok:
        rows.update(status=Status.DELIVERED, delivered_at=now, finished_at=now, leased_until=None)
        if delivery.subscription.failing_since is not None:  # as read with the delivery
            Subscription.objects.filter(pk=delivery.subscription_id).update(failing_since=None)
        return
    if delivery.attempts >= MAX_ATTEMPTS:
        rows.update(status=Status.FAILED, finished_at=now, leased_until=None)
    else:
        rows.update(
            next_attempt_at=max(now, delivery.schedule_start + SCHEDULE[delivery.attempts]),
            leased_until=None,
        )
    Subscription.objects.filter(pk=delivery.subscription_id, failing_since__isnull=True).update(
        failing_since=now
    )
    subscription = Subscription.objects.select_for_update().get(pk=delivery.subscription_id)
    if subscription.is_active and subscription.failing_since <= now - DISABLE_AFTER:
        _disable(subscription, now=now, last=answer)


def _disable(subscription: Subscription, *, now: dt.datetime, last: sending.Answer | None) -> None:
    """Turn a subscription off after a day of failures, fail its pending deliveries and e-mail
    the admins after commit. The caller holds the subscription's row lock."""
    failing_since = timezone.localtime(subscription.failing_since).strftime("%Y-%m-%d %H:%M %Z")
    last_error = f" ({last.status_code or last.excerpt})" if last is not None else ""
    subscription.is_active = False
    subscription.disabled_reason = f"Every delivery failed since {failing_since}{last_error}"[:300]
    subscription.notice_queued_at = now
    subscription.save(
        update_fields=["is_active", "disabled_reason", "notice_queued_at", "updated_at"]
    )
    subscription.deliveries.filter(status=Status.PENDING).update(
        status=Status.FAILED, finished_at=now, leased_until=None
    )
    _notice_on_commit([subscription.pk])


def _notice_on_commit(subscription_ids: list[int]) -> None:
    from webhooks import tasks

    for subscription_id in subscription_ids:
        transaction.on_commit(
            lambda subscription_id=subscription_id: tasks.subscription_disabled_mail.delay(
                subscription_id
            )
        )


def notice_sent(*, subscription_id: int) -> None:
    """The admins were told that the subscription was turned off (or it is on again)."""
    Subscription.objects.filter(pk=subscription_id).update(notice_queued_at=None)


@transaction.atomic
def subscription_reactivate(*, subscription: Subscription) -> Subscription:
    """Turn a subscription back on with a clean slate (no failures counted)."""
    locked = Subscription.objects.select_for_update().get(pk=subscription.pk)
    locked.is_active = True
    locked.failing_since = None
    locked.disabled_reason = ""
    locked.notice_queued_at = None
    locked.save(
        update_fields=[
            "is_active",
            "failing_since",
            "disabled_reason",
            "notice_queued_at",
            "updated_at",
        ]
    )
    return locked


@transaction.atomic
def delivery_redeliver(*, delivery: Delivery) -> Delivery:
    """Send a delivery again now, with the same event id and payload, and a fresh retry
    schedule. Refused (ValidationError) while its subscription is off."""
    locked = Delivery.objects.select_for_update().select_related("subscription").get(pk=delivery.pk)
    if not locked.subscription.is_active:
        raise ValidationError(_("Turn the subscription on before sending it again."))
    now = timezone.now()
    locked.status = Status.PENDING
    locked.attempts = 0
    locked.schedule_start = now
    locked.next_attempt_at = now
    locked.queued_at = now
    locked.leased_until = None
    locked.delivered_at = None
    locked.finished_at = None
    locked.save()
    enqueue_on_commit([locked.pk])
    return locked


# --- The sweep ----------------------------------------------------------------------------------


def deliveries_sweep(*, now: dt.datetime | None = None) -> list[int]:
    """Beat: queue due retries and rows whose task was lost, turn off subscriptions failing for
    ``DISABLE_AFTER``, queue again the admins' e-mail about a subscription turned off whose
    task was lost, and delete deliveries finished ``WEBHOOKS_RETENTION_DAYS`` ago (their
    payloads and attempts with them). Returns the delivery ids queued."""
    now = now or timezone.now()
    with transaction.atomic():
        for subscription in Subscription.objects.select_for_update().filter(
            is_active=True, failing_since__lte=now - DISABLE_AFTER
        ):
            _disable(subscription, now=now, last=None)
        lost = Subscription.objects.filter(notice_queued_at__lt=now - REQUEUE_AFTER)
        notices = list(lost.values_list("pk", flat=True))
        lost.filter(pk__in=notices).update(notice_queued_at=now)
        _notice_on_commit(notices)
        ids = list(
            Delivery.objects.filter(
                Q(leased_until__isnull=True) | Q(leased_until__lt=now),
                Q(queued_at__lt=F("next_attempt_at")) | Q(queued_at__lt=now - REQUEUE_AFTER),
                status=Status.PENDING,
                next_attempt_at__lte=now,
                subscription__is_active=True,
            )
            .order_by("next_attempt_at")
            .values_list("pk", flat=True)[:SWEEP_BATCH]
        )
        Delivery.objects.filter(pk__in=ids).update(queued_at=now)
        enqueue_on_commit(ids)
    deliveries_purge(now=now)
    return ids


def deliveries_purge(*, now: dt.datetime | None = None) -> int:
    """Delete deliveries (payload and attempts) finished more than
    ``WEBHOOKS_RETENTION_DAYS`` ago, in batches. Returns how many."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.WEBHOOKS_RETENTION_DAYS)
    deleted = 0
    while True:
        batch = list(
            Delivery.objects.filter(finished_at__lt=cutoff).values_list("pk", flat=True)[
                :PURGE_BATCH
            ]
        )
        if not batch:
            return deleted
        Delivery.objects.filter(pk__in=batch).delete()
        deleted += len(batch)
