"""Tags on tickets and chats, and macros: named sets of actions an agent applies in one click."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from chat.models import Conversation
from core.i18n import localized
from core.models import TimeStamped
from teams.models import Team
from tickets.models import CannedResponse, Ticket
from tickets.models.messages import placeholders_check


class Tag(TimeStamped):
    """A label admins define and agents put on tickets and chats (the inbox filters by it)."""

    class Colour(models.TextChoices):
        # A fixed palette: each pair of chip background and text passes WCAG AA (pane.css).
        GREY = "grey", _("Grey")
        BLUE = "blue", _("Blue")
        GREEN = "green", _("Green")
        AMBER = "amber", _("Amber")
        RED = "red", _("Red")
        PURPLE = "purple", _("Purple")

    name_zh_hans = models.CharField(_("name (Chinese)"), max_length=40, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=40, unique=True)
    colour = models.CharField(
        _("colour"), max_length=8, choices=Colour.choices, default=Colour.GREY, blank=True
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Inactive tags stay on their work but are not offered."),
    )

    class Meta:
        ordering = ["name_en", "id"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    colour__in=["", "grey", "blue", "green", "amber", "red", "purple"]
                ),
                name="tag_colour_in_palette",
            )
        ]

    def __str__(self) -> str:
        return localized(self, "name")


class TicketTag(models.Model):
    """A tag on a request."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="+", db_index=False)
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="ticket_tags")
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("tag on a request")
        verbose_name_plural = _("tags on requests")
        constraints = [
            models.UniqueConstraint(fields=["ticket", "tag"], name="ticket_tag_unique"),
        ]

    def __str__(self) -> str:
        return str(self.tag)


class ConversationTag(models.Model):
    """A tag on a chat."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="conversation_tags")
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("tag on a chat")
        verbose_name_plural = _("tags on chats")
        constraints = [
            models.UniqueConstraint(fields=["conversation", "tag"], name="conversation_tag_unique"),
        ]

    def __str__(self) -> str:
        return str(self.tag)


class Macro(TimeStamped):
    """A named set of actions applied in one click, all or none (``macros.services``): a
    reply (placeholders as in canned responses, checked the same way), tags to add and, on
    tickets, a status, a priority and an assignee or a team."""

    Scope = CannedResponse.Scope

    title_zh_hans = models.CharField(_("title (Chinese)"), max_length=120)
    title_en = models.CharField(_("title (English)"), max_length=120)
    scope = models.CharField(
        _("used in"),
        max_length=8,
        choices=Scope.choices,
        default=Scope.BOTH,
        help_text=_("Agents are offered it only in this kind of conversation."),
    )
    body_zh_hans = models.TextField(_("reply (Chinese)"), blank=True)
    body_en = models.TextField(_("reply (English)"), blank=True)
    status = models.CharField(
        _("set status"),
        max_length=20,
        choices=Ticket.Status.choices,
        blank=True,
        help_text=_("Requests only."),
    )
    priority = models.CharField(
        _("set priority"),
        max_length=10,
        choices=Ticket.Priority.choices,
        blank=True,
        help_text=_("Requests only."),
    )
    tags = models.ManyToManyField(
        Tag, blank=True, related_name="macros", verbose_name=_("add tags")
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assign to"),
        help_text=_("Requests only."),
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hand to team"),
        help_text=_("Requests only: assigned to the team's member with the fewest open requests."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("macro")
        verbose_name_plural = _("macros")
        indexes = [models.Index(fields=["is_active", "position"], name="macro_active")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scope__in=["both", "tickets", "chats"]), name="macro_scope"
            ),
            models.CheckConstraint(
                condition=models.Q(assignee__isnull=True) | models.Q(team__isnull=True),
                name="macro_assignee_or_team",
            ),
        ]

    def clean(self) -> None:
        placeholders_check(self, fields=("body_zh_hans", "body_en"), scope=self.scope)
        if self.assignee_id and self.team_id:
            raise ValidationError(
                {"team": _("Choose an agent or a team, not both.")}, code="assignee_and_team"
            )
        if self.scope == self.Scope.CHATS:
            ticket_only = {
                name: _("A macro for chats only cannot set this (requests only).")
                for name in ("status", "priority", "assignee", "team")
                if getattr(self, name if name in ("status", "priority") else f"{name}_id")
            }
            if ticket_only:
                raise ValidationError(ticket_only, code="ticket_only")

    def __str__(self) -> str:
        return localized(self, "title")
