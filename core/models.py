"""What every product app shares: timestamps, the topics customers come with, business hours,
the columns of a privately stored file and the audit log."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.i18n import localized


class TimeStamped(models.Model):
    """created_at/updated_at for every model that needs them."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class Topic(TimeStamped):
    """A topic customers come with (PRODUCT.md), shared by the request form and chat routing.

    Admins edit the list; ``is_security`` marks reports of theft or unauthorised transactions,
    which are urgent and get the much shorter SLA.
    """

    class Priority(models.TextChoices):
        LOW = "low", _("Low")
        NORMAL = "normal", _("Normal")
        HIGH = "high", _("High")
        URGENT = "urgent", _("Urgent")

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name_zh_hans = models.CharField(_("name (Chinese)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80)
    description_zh_hans = models.CharField(_("description (Chinese)"), max_length=200, blank=True)
    description_en = models.CharField(_("description (English)"), max_length=200, blank=True)
    default_priority = models.CharField(
        _("default priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    is_security = models.BooleanField(
        _("security report"),
        default=False,
        help_text=_("Theft or unauthorised transactions: urgent, with the shortest SLA."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(name_zh_hans="") & ~models.Q(name_en=""),
                name="ticket_category_names_not_empty",
            ),
        ]

    def __str__(self) -> str:
        return localized(self, "name")  # in the admin's language


class BusinessHours(models.Model):
    """One opening window of a weekday, in settings.TIME_ZONE; a day may have several (shifts,
    a lunch break). No row for a day means closed; no rows at all means open around the clock.
    Holidays close whole days (``Holiday``). core.calendar reads both."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens_at = models.TimeField(_("opens at"))
    closes_at = models.TimeField(_("closes at"))

    class Meta:
        ordering = ["weekday", "opens_at"]
        verbose_name = _("business hours")
        verbose_name_plural = _("business hours")
        constraints = [
            models.UniqueConstraint(fields=["weekday", "opens_at"], name="businesshours_window"),
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="businesshours_closes_after_opens",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens_at:%H:%M}-{self.closes_at:%H:%M}"

    def clean(self) -> None:
        if self.opens_at is None or self.closes_at is None or self.weekday is None:
            return
        overlapping = BusinessHours.objects.filter(
            weekday=self.weekday, opens_at__lt=self.closes_at, closes_at__gt=self.opens_at
        ).exclude(pk=self.pk)
        if overlapping.exists():
            raise ValidationError(
                _("This window overlaps %(other)s. Join them into one window instead."),
                params={"other": overlapping.first()},
            )


class Holiday(models.Model):
    """A day support is closed whatever the weekday's hours say: SLA clocks and the chat's
    opening hours skip it (core.calendar)."""

    date = models.DateField(_("date"), unique=True)
    name_zh_hans = models.CharField(_("name (Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)

    class Meta:
        ordering = ["date"]
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {localized(self, 'name')}"


class StoredFile(models.Model):
    """A file in private storage whose type was detected from its bytes (core.uploads). The
    concrete models add the message it belongs to and ``upload_to``; downloads go only through
    ``core.downloads.private_file_response`` after the owner's access check."""

    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=60)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class AuditQuerySet(models.QuerySet):
    """Audit rows are never changed or removed through the application."""

    def update(self, **kwargs: object) -> int:
        raise AuditImmutable

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditImmutable


class AuditImmutable(Exception):
    """Raised on any attempt to change or delete an audit row."""


class AuditEntry(models.Model):
    """One staff access to customer data or one sensitive action, append-only.

    Written only by ``core.audit.audit_record``. Customers are named by their internal user id
    and never by name or e-mail; the actor is a plain id (no foreign key), so removing a user
    never touches the log. The model refuses updates and deletes, and a database trigger
    (migration 0004) refuses them too."""

    class Action(models.TextChoices):
        VIEWED_WALLET = "viewed_wallet", _("Viewed wallet context")
        VIEWED_TRANSACTIONS = "viewed_transactions", _("Viewed transactions")
        DOWNLOADED_ATTACHMENT = "downloaded_attachment", _("Downloaded an attachment")
        VERIFICATION_REQUESTED = "verification_requested", _("Verification requested")
        VERIFICATION_PASSED = "verification_passed", _("Verification passed")
        VERIFICATION_FAILED = "verification_failed", _("Verification failed")
        FREEZE = "freeze", _("Account frozen")
        UNFREEZE = "unfreeze", _("Account unfrozen")
        CLOSURE_REQUESTED = "closure_requested", _("Closure requested")
        CLOSURE_CONFIRMED = "closure_confirmed", _("Closure confirmed by the customer")
        CLOSURE_COMPLETED = "closure_completed", _("Account closed")
        CLOSURE_CANCELLED = "closure_cancelled", _("Closure cancelled")
        CONTACT_EMAIL_CHANGED = "contact_email_changed", _("Contact e-mail changed")
        ROLE_CHANGED = "role_changed", _("Role changed")
        PAGED_ON_CALL = "paged_on_call", _("On-call staff paged")
        DATA_EXPORT_REQUESTED = "data_export_requested", _("Copy of personal data requested")
        DATA_EXPORTED = "data_exported", _("Personal data exported")
        DATA_ERASED = "data_erased", _("Personal data erased")
        RETENTION_RUN = "retention_run", _("Retention periods applied")

    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor_id = models.PositiveBigIntegerField(_("actor (user id)"), null=True, blank=True)
    actor_role = models.CharField(_("actor role"), max_length=60, blank=True)
    action = models.CharField(_("action"), max_length=40, choices=Action.choices)
    address = models.CharField(_("client address"), max_length=64, blank=True)
    object_type = models.CharField(_("object type"), max_length=40, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    customer_id = models.PositiveBigIntegerField(
        _("customer (user id)"), null=True, blank=True, db_index=True
    )
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        indexes = [
            models.Index(fields=["actor_id", "-created_at"], name="audit_actor_time"),
            models.Index(fields=["action", "-created_at"], name="audit_action_time"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.get_action_display()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AuditImmutable
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AuditImmutable
