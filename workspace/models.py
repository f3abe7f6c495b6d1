"""Saved inbox views: filters an agent names and keeps."""

from django.conf import settings
from django.db import models
from django.utils import timezone
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


class AgentNotification(models.Model):
    """Something a staff member should look at (docs/console.md, Notifications): written by
    workspace.receivers in the transaction of the change, pushed to the agent socket after it
    commits, read in the top bar's list, pruned after ``NOTIFICATION_RETENTION_DAYS``."""

    class Kind(models.TextChoices):
        TICKET_ASSIGNED = "ticket_assigned", _("Request assigned to you")
        CUSTOMER_REPLY = "customer_reply", _("Customer replied")
        CHAT_ASSIGNED = "chat_assigned", _("Chat assigned to you")
        CHAT_TAKEN_OVER = "chat_taken_over", _("Chat taken over")
        CHAT_REASSIGNED = "chat_reassigned", _("Chat reassigned")
        SLA_WARNING = "sla_warning", _("SLA target at risk")
        SLA_BREACH = "sla_breach", _("SLA target breached")
        SECURITY_REPORT = "security_report", _("Security report")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="agent_notifications",
        verbose_name=_("recipient"),
        db_index=False,  # the (recipient, created_at) index serves it
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    ticket = models.ForeignKey(
        "tickets.Ticket",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("request"),
    )
    conversation = models.ForeignKey(
        "chat.Conversation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chat"),
    )
    # What the text names (reference, subject, customer, who did it, the SLA target), kept so
    # the text renders in any language later.
    params = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("agent notification")
        verbose_name_plural = _("agent notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="agentnotif_recipient"),
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True),
                name="agentnotif_unread",
            ),
            models.Index(fields=["created_at"], name="agentnotif_prune"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ticket__isnull=False) | models.Q(conversation__isnull=False),
                name="agentnotif_has_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient_id}"
