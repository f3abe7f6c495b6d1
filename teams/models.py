"""Teams: named groups of agents with the topics and the language they handle. Chat routing
and ticket auto-assignment prefer a team's members (``teams.selectors.routing_tiers``)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.i18n import localized
from core.models import TimeStamped, Topic


class Team(TimeStamped):
    """A group of agents; an agent may be in several. No topics means every topic; no language
    means both. A security team gets security reports first, whatever their topic."""

    class Language(models.TextChoices):
        ANY = "", _("Any language")
        ZH_HANS = "zh-hans", _("Chinese")
        EN = "en", _("English")

    name_zh_hans = models.CharField(_("name (Chinese)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="teams",
        blank=True,
        verbose_name=_("members"),
        help_text=_("Agents of this team (staff with the agent, supervisor or admin role)."),
    )
    topics = models.ManyToManyField(
        Topic,
        related_name="teams",
        blank=True,
        verbose_name=_("topics"),
        help_text=_("The topics this team answers first; none: every topic."),
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=Language.choices,
        blank=True,
        help_text=_("The customers' language this team answers first."),
    )
    is_security = models.BooleanField(
        _("security team"),
        default=False,
        help_text=_("Security reports (theft, unauthorised transactions) go to this team first."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name_en", "id"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        constraints = [
            models.UniqueConstraint(fields=["name_en"], name="team_name_en_unique"),
            models.UniqueConstraint(fields=["name_zh_hans"], name="team_name_zh_hans_unique"),
            models.CheckConstraint(
                condition=~Q(name_zh_hans="") & ~Q(name_en=""), name="team_names_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return localized(self, "name")
