"""Site-wide settings that admins edit: contact channels and business hours."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ContactChannel(models.Model):
    """One way to reach support, listed in the footer and on the contact page."""

    class Kind(models.TextChoices):
        CHAT = "chat", _("Live chat")
        FORM = "form", _("Submit a request")
        EMAIL = "email", _("E-mail")
        PHONE = "phone", _("Phone")
        SOCIAL = "social", _("Social media")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    label_zh_hans = models.CharField(_("label (Chinese)"), max_length=80)
    label_en = models.CharField(_("label (English)"), max_length=80)
    value = models.CharField(
        _("shown value"),
        max_length=120,
        blank=True,
        help_text=_("For example a phone number or e-mail address"),
    )
    url = models.CharField(
        _("link"),
        max_length=300,
        blank=True,
        help_text=_("tel:, mailto:, https:// or a path on this site"),
    )
    hours_zh_hans = models.CharField(_("hours (Chinese)"), max_length=120, blank=True)
    hours_en = models.CharField(_("hours (English)"), max_length=120, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("contact channel")
        verbose_name_plural = _("contact channels")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(label_zh_hans="") & ~models.Q(label_en=""),
                name="contactchannel_labels_not_empty",
            ),
        ]

    def __str__(self) -> str:
        return self.label_en
