"""Staff preferences. Customers' language travels with each ticket or chat instead."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class StaffPreference(models.Model):
    """The language of the e-mails a staff member gets (assignment notices, SLA reminders):
    the one they last used the console in (``accounts.decorators``), editable in admin."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="staff_preference",
        verbose_name=_("staff member"),
    )
    language = models.CharField(_("e-mail language"), max_length=10, choices=settings.LANGUAGES)

    class Meta:
        verbose_name = _("staff preference")
        verbose_name_plural = _("staff preferences")

    def __str__(self) -> str:
        return f"{self.user} ({self.language})"
