"""Request (ticket) models."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from helpcenter.models import TimeStamped


class Category(TimeStamped):
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
        return self.name_en
