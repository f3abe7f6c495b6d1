"""The e-mail outbox: each row is written with the change it reports and sent by a task."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tickets.models.messages import TicketMessage
from tickets.models.tickets import Ticket


class Notification(models.Model):
    """The e-mail outbox. A row is written in the same transaction as the change it reports;
    a task claims it (``sending``, committed on its own), hands it to SMTP and marks it sent;
    a beat sweep re-queues rows left pending, and rows left sending by a worker that died."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Request received")
        AGENT_REPLY = "agent_reply", _("New reply")
        SOLVED = "solved", _("Request solved")
        WAITING = "waiting", _("Waiting for your reply")
        ASSIGNED = "assigned", _("Assigned to you")
        PORTAL_LINK = "portal_link", _("New secret link")
        SLA_WARNING = "sla_warning", _("SLA reminder")
        SLA_BREACH = "sla_breach", _("SLA breached")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    # Unique through Meta.constraints (``unique=True`` would add a LIKE-only index too); the
    # foreign keys are indexed in Meta, the mostly empty ones partially.
    idempotency_key = models.CharField(_("idempotency key"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    ticket = models.ForeignKey(
        Ticket,
        on_delete=models.CASCADE,
        related_name="notifications",
        db_index=False,
        verbose_name=_("request"),
    )
    message = models.ForeignKey(
        TicketMessage,
        verbose_name=_("message"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    recipient_email = models.EmailField(_("recipient e-mail"))
    language = models.CharField(_("language"), max_length=10, choices=Ticket.Language.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    queued_at = models.DateTimeField(_("queued at"), default=timezone.now)
    # When a worker last claimed the row to hand it to SMTP (status "sending").
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("e-mail notification")
        verbose_name_plural = _("e-mail notifications")
        indexes = [
            # The re-queue sweep reads pending rows only.
            models.Index(
                fields=["queued_at"],
                condition=models.Q(status="pending"),
                name="notification_pending",
            ),
            # ... and rows a worker claimed and never marked sent.
            models.Index(
                fields=["claimed_at"],
                condition=models.Q(status="sending"),
                name="notification_sending",
            ),
            models.Index(fields=["ticket", "kind"], name="notification_ticket"),
            models.Index(
                fields=["message"],
                condition=models.Q(message__isnull=False),
                name="notification_message",
            ),
            models.Index(
                fields=["recipient"],
                condition=models.Q(recipient__isnull=False),
                name="notification_recipient",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="sent") | models.Q(sent_at__isnull=False),
                name="notification_sent_has_time",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="sending") | models.Q(claimed_at__isnull=False),
                name="notification_sending_has_time",
            ),
            models.UniqueConstraint(
                fields=["idempotency_key"], name="notification_idempotency_key"
            ),
        ]

    def __str__(self) -> str:
        return self.idempotency_key
