"""Webhook subscriptions, the outbox of deliveries and the log of attempts (docs/webhooks.md)."""

import base64
import secrets

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import TimeStamped


def new_secret() -> str:
    """A signing secret in the Standard Webhooks format: ``whsec_`` and 32 random bytes in
    base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def new_event_id() -> str:
    """A delivery's ``webhook-id``: ``msg_`` and 26 random base32 characters. It stays the same
    on every retry and redelivery, so receivers can drop duplicates."""
    return "msg_" + base64.b32encode(secrets.token_bytes(16)).decode().rstrip("=").lower()


class Subscription(TimeStamped):
    """An endpoint of the wallet's systems and the events it wants."""

    name = models.CharField(_("name"), max_length=100)
    url = models.URLField(
        _("target URL"),
        max_length=500,
        help_text=_(
            "Where the events are POSTed. Loopback, private and link-local addresses are refused."
        ),
    )
    events = models.JSONField(
        _("events"), default=list, help_text=_("The event types sent to this endpoint.")
    )
    secret = models.CharField(
        _("signing secret"),
        max_length=100,
        default=new_secret,
        help_text=_("Give it to the receiver: it verifies the webhook-signature header with it."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    failing_since = models.DateTimeField(
        _("failing since"),
        null=True,
        blank=True,
        help_text=_("First failed attempt since the last success."),
    )
    disabled_reason = models.CharField(_("why it was disabled"), max_length=300, blank=True)
    # Set when the subscription is turned off for failing, cleared once the admins' e-mail is
    # sent: the sweep queues the e-mail again while it is set (a task lost with its worker).
    notice_queued_at = models.DateTimeField(
        _("admins' e-mail queued at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The e-mail telling the admins it was turned off is queued, not yet sent."),
    )

    class Meta:
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(secret__startswith="whsec_"),  # noqa: S106 - a prefix
                name="webhook_secret_format",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Delivery(models.Model):
    """One event for one subscription: written in the transaction of the change it reports,
    sent by Celery after commit, retried by the beat sweep."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")

    subscription = models.ForeignKey(
        Subscription,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("subscription"),
        db_index=False,  # webhook_delivery_list starts with it
    )
    event_id = models.CharField(_("event id"), max_length=40, default=new_event_id, unique=True)
    event_type = models.CharField(_("event type"), max_length=40)
    # The whole body sent (the row is deleted WEBHOOKS_RETENTION_DAYS after it finished).
    payload = models.JSONField(_("payload"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # The retry schedule counts from here: the event, or the last manual redelivery.
    schedule_start = models.DateTimeField(_("schedule start"))
    next_attempt_at = models.DateTimeField(_("next attempt at"))
    # When a Celery task was last queued for it: the sweep queues a due row once per attempt,
    # and again only if that task got lost.
    queued_at = models.DateTimeField(_("queued at"))
    # A worker sending it holds it until then; another worker cannot claim it before.
    leased_until = models.DateTimeField(_("leased until"), null=True, blank=True)
    # Which lease: the worker that set it reads back only the rows it leased.
    lease_token = models.CharField(_("lease token"), max_length=16, blank=True, editable=False)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["subscription", "-created_at"], name="webhook_delivery_list"),
            # The sweep: due pending rows.
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status="pending"),
                name="webhook_delivery_due",
            ),
            # The purge: finished rows by age.
            models.Index(
                fields=["finished_at"],
                condition=Q(finished_at__isnull=False),
                name="webhook_delivery_finished",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="delivered", delivered_at__isnull=False)
                | ~Q(status="delivered"),
                name="webhook_delivered_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} {self.event_id}"


class Attempt(models.Model):
    """One POST of a delivery: what came back, never what was sent."""

    delivery = models.ForeignKey(
        Delivery, on_delete=models.CASCADE, related_name="attempt_log", verbose_name=_("delivery")
    )
    attempted_at = models.DateTimeField(_("attempted at"))
    status_code = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"))
    # The first 200 characters of the response body, or the error (timeout, refused target).
    response_excerpt = models.CharField(_("response"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")
        ordering = ["attempted_at"]

    def __str__(self) -> str:
        return f"{timezone.localtime(self.attempted_at):%Y-%m-%d %H:%M:%S}"
