"""The e-mail channel's records: mailboxes to poll, every message taken in (the idempotency
key is its Message-ID), the addresses agents added to a request, and addresses that bounce."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import TimeStamped


class Mailbox(TimeStamped):
    """An IMAP mailbox the beat task polls. The password is read from the environment variable
    ``password_env`` or stored encrypted (``email_channel.secrets``); never in clear."""

    class Security(models.TextChoices):
        SSL = "ssl", _("TLS (IMAPS, usually port 993)")
        STARTTLS = "starttls", _("STARTTLS (usually port 143)")
        NONE = "none", _("None (local test servers only)")

    name = models.CharField(_("name"), max_length=80)
    host = models.CharField(_("host"), max_length=200)
    port = models.PositiveIntegerField(_("port"), default=993)
    security = models.CharField(
        _("connection security"), max_length=10, choices=Security.choices, default=Security.SSL
    )
    username = models.CharField(_("user name"), max_length=200)
    password_env = models.CharField(
        _("password from environment variable"),
        max_length=100,
        blank=True,
        help_text=_("Name of an environment variable holding the password (preferred)."),
    )
    password_encrypted = models.TextField(_("encrypted password"), blank=True, editable=False)
    folder = models.CharField(_("folder"), max_length=200, default="INBOX")
    move_to = models.CharField(
        _("move filed mail to"),
        max_length=200,
        blank=True,
        help_text=_("A folder to move each message to once it is filed; empty: mark it read."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    # The lease: only the worker holding it fetches this mailbox (email_channel.imap).
    lease_owner = models.CharField(_("polled by"), max_length=64, blank=True, editable=False)
    lease_expires_at = models.DateTimeField(
        _("lease expires at"), null=True, blank=True, editable=False
    )
    last_polled_at = models.DateTimeField(_("last polled at"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("mailbox")
        verbose_name_plural = _("mailboxes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(security__in=["ssl", "starttls", "none"]),
                name="mailbox_security_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class InboundEmail(models.Model):
    """One message taken in, whatever became of it. ``message_id`` is unique: a message fetched
    or piped twice is filed once. Raw bytes are kept only while quarantined."""

    class Status(models.TextChoices):
        FILED = "filed", _("Filed")
        HELD = "held", _("From another sender")
        IGNORED = "ignored", _("Ignored (automatic)")
        BOUNCE = "bounce", _("Bounce")
        QUARANTINED = "quarantined", _("Quarantined")
        ACCEPTED = "accepted", _("Accepted by an agent")
        DISCARDED = "discarded", _("Discarded by an agent")

    class Route(models.TextChoices):
        NEW = "new", _("New request")
        REPLY_ADDRESS = "reply_address", _("Reply address")
        REFERENCES = "references", _("In-Reply-To / References")
        RELATED = "related", _("New request, possibly related")
        NONE = "", _("None")

    message_id = models.CharField(_("message ID"), max_length=255)
    mailbox = models.ForeignKey(
        Mailbox,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("mailbox"),
        db_index=False,
    )
    sender = models.EmailField(_("sender"), max_length=254, blank=True)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    route = models.CharField(
        _("threaded by"), max_length=16, choices=Route.choices, blank=True, default=""
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    ticket = models.ForeignKey(
        "tickets.Ticket",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("request"),
        db_index=False,
    )
    ticket_message = models.ForeignKey(
        "tickets.TicketMessage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("message"),
        db_index=False,
    )
    related_ticket = models.ForeignKey(
        "tickets.Ticket",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("possibly related to"),
        db_index=False,
    )
    raw = models.BinaryField(_("raw message"), blank=True, default=b"", editable=False)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=1)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("incoming e-mail")
        verbose_name_plural = _("incoming e-mails")
        constraints = [
            models.UniqueConstraint(fields=["message_id"], name="inboundemail_message_id"),
            models.CheckConstraint(
                condition=models.Q(
                    status__in=[
                        "filed",
                        "held",
                        "ignored",
                        "bounce",
                        "quarantined",
                        "accepted",
                        "discarded",
                    ]
                ),
                name="inboundemail_status_valid",
            ),
        ]
        indexes = [
            # The admin's quarantine and the agents' "from another sender" lists.
            models.Index(
                fields=["status", "-received_at"],
                condition=models.Q(status__in=["quarantined", "held"]),
                name="inboundemail_attention",
            ),
            models.Index(
                fields=["ticket"],
                condition=models.Q(ticket__isnull=False),
                name="inboundemail_ticket",
            ),
            models.Index(
                fields=["ticket_message"],
                condition=models.Q(ticket_message__isnull=False),
                name="inboundemail_message",
            ),
            models.Index(
                fields=["related_ticket"],
                condition=models.Q(related_ticket__isnull=False),
                name="inboundemail_related",
            ),
            models.Index(
                fields=["mailbox"],
                condition=models.Q(mailbox__isnull=False),
                name="inboundemail_mailbox",
            ),
        ]

    def __str__(self) -> str:
        return self.message_id


class TicketParticipant(TimeStamped):
    """An address an agent added to a request (a CC): its mail reaches the thread like the
    customer's own."""

    ticket = models.ForeignKey(
        "tickets.Ticket",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("request"),
        db_index=False,  # the unique constraint starts with it
    )
    email = models.EmailField(_("e-mail"))
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
        db_index=False,
    )

    class Meta:
        verbose_name = _("participant (CC)")
        verbose_name_plural = _("participants (CC)")
        constraints = [
            models.UniqueConstraint(fields=["ticket", "email"], name="participant_unique"),
        ]

    def __str__(self) -> str:
        return self.email


class BouncingAddress(TimeStamped):
    """An address our mail to bounced (a delivery status notification said so)."""

    email = models.EmailField(_("e-mail"))
    bounces = models.PositiveIntegerField(_("bounces"), default=1)
    last_bounce_at = models.DateTimeField(_("last bounce at"), default=timezone.now)
    diagnostic = models.CharField(_("diagnostic"), max_length=300, blank=True)

    class Meta:
        ordering = ["-last_bounce_at"]
        verbose_name = _("bouncing address")
        verbose_name_plural = _("bouncing addresses")
        constraints = [models.UniqueConstraint(fields=["email"], name="bouncingaddress_email")]

    def __str__(self) -> str:
        return self.email
