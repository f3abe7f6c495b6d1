"""Saved inbox views: filters an agent names and keeps."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import Topic

MAX_SAVED_VIEWS = 20


class SavedView(models.Model):
    """One of the inbox's views narrowed by topic, priority, channel, language, team or tag, under
    a name its owner chose (its owner sees it, and the members of the team an admin published
    it to)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="saved_inbox_views",
        verbose_name=_("owner"),
    )
    name = models.CharField(_("name"), max_length=60)
    base = models.CharField(_("inbox view"), max_length=20)
    topic = models.ForeignKey(
        Topic,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("topic"),
    )
    priority = models.CharField(_("priority"), max_length=10, blank=True)
    source = models.CharField(_("channel"), max_length=10, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    filter_team = models.ForeignKey(
        "teams.Team",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("team's work"),
        help_text=_(
            "Only the work of this team: assigned to its members, or unassigned in its topics."
        ),
    )
    tag = models.ForeignKey(
        "macros.Tag",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tag"),
        help_text=_("Only the work with this tag."),
    )
    # Published by an admin: every member of the team sees it under "Team views".
    team = models.ForeignKey(
        "teams.Team",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="saved_views",
        verbose_name=_("published to team"),
        help_text=_("Every member of this team sees the view in their inbox."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("saved inbox view")
        verbose_name_plural = _("saved inbox views")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="saved_view_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name
