"""The privacy app's own rows: the retention periods admins set (one row) and the archives of
customers' data made for an export (a file in private storage and the link that fetches it)."""

import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import StoredFile

# Documented in docs/privacy.md; the admin shows them as the fields' defaults.
DEFAULT_ATTACHMENT_DAYS = 365
DEFAULT_CHAT_TRANSCRIPT_DAYS = 365
DEFAULT_CLOSED_TICKET_DAYS = 730
DEFAULT_QUARANTINE_DAYS = 30
DEFAULT_EXPORT_DAYS = 7

_PERIOD = [MinValueValidator(1), MaxValueValidator(36500)]


class RetentionSettings(models.Model):
    """How long personal data is kept (one row, created with the defaults on first read). The
    beat task ``privacy.apply_retention`` removes what is older (``privacy.services.retention``)."""

    attachment_days = models.PositiveIntegerField(
        _("attachments (days)"),
        default=DEFAULT_ATTACHMENT_DAYS,
        validators=_PERIOD,
        help_text=_("Files of requests and chats are deleted this many days after upload."),
    )
    chat_transcript_days = models.PositiveIntegerField(
        _("chat transcripts (days)"),
        default=DEFAULT_CHAT_TRANSCRIPT_DAYS,
        validators=_PERIOD,
        help_text=_(
            "The messages, name and e-mail of a chat are replaced by placeholders this many "
            "days after it ended; the chat stays as an anonymous row for the reports."
        ),
    )
    closed_ticket_days = models.PositiveIntegerField(
        _("closed requests (days)"),
        default=DEFAULT_CLOSED_TICKET_DAYS,
        validators=_PERIOD,
        help_text=_(
            "A request closed this many days ago loses the customer's name, e-mail, messages "
            "and files; it stays as an anonymous row for the reports."
        ),
    )
    quarantine_days = models.PositiveIntegerField(
        _("e-mail quarantine (days)"),
        default=DEFAULT_QUARANTINE_DAYS,
        validators=_PERIOD,
        help_text=_("Quarantined and discarded incoming e-mails are deleted after this many days."),
    )
    export_days = models.PositiveIntegerField(
        _("data exports (days)"),
        default=DEFAULT_EXPORT_DAYS,
        validators=_PERIOD,
        help_text=_("Archives made for a copy of a customer's data expire after this many days."),
    )

    class Meta:
        verbose_name = _("retention periods")
        verbose_name_plural = _("retention periods")
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="privacy_retention_single"),
        ]

    def __str__(self) -> str:
        return str(_("Retention periods"))

    @classmethod
    def current(cls) -> "RetentionSettings":
        row, _created = cls.objects.get_or_create(pk=1)
        return row


def _archive_path(instance: "ExportArchive", filename: str) -> str:
    return f"privacy/exports/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


def new_download_key() -> str:
    return secrets.token_urlsafe(32)


class ExportArchive(StoredFile):
    """A zip of one customer's data (``privacy.services.export``). A supervisor's is fetched
    from the console; a customer's own is fetched once through the e-mailed link, which holds
    ``download_key`` and stops working when used or expired."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        READY = "ready", _("Ready")
        DOWNLOADED = "downloaded", _("Downloaded")
        EXPIRED = "expired", _("Expired")

    # Whose data: the internal id only (the account may be erased later).
    customer_id = models.PositiveBigIntegerField(_("customer (user id)"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    by_customer = models.BooleanField(_("requested by the customer"), default=False)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    file = models.FileField(_("file"), upload_to=_archive_path, max_length=200, blank=True)
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64, blank=True)
    # In the e-mailed link (privacy.emails.download_link); single-use (status) and expiring.
    download_key = models.CharField(
        _("download key"), max_length=64, default=new_download_key, editable=False
    )
    expires_at = models.DateTimeField(_("expires at"))
    downloaded_at = models.DateTimeField(_("downloaded at"), null=True, blank=True)

    class Meta(StoredFile.Meta):
        ordering = ["-created_at", "-id"]
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")
        indexes = [
            models.Index(fields=["customer_id", "-created_at"], name="privacy_export_customer"),
            models.Index(fields=["expires_at"], name="privacy_export_expiry"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "ready", "downloaded", "expired"]),
                name="privacy_export_status_valid",
            ),
        ]

    @staticmethod
    def expiry(days: int) -> "timezone.datetime":
        return timezone.now() + timedelta(days=days)
