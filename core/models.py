"""What every product app shares: timestamps, the topics customers come with, business hours
and the columns of a privately stored file."""

from django.core.exceptions import ValidationError
from django.db import models
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
