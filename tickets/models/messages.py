"""The thread of a request: messages, their attachments, and agents' reply templates."""

import re
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.i18n import localized
from core.models import StoredFile, TimeStamped, Topic
from tickets.models.tickets import Ticket


class TicketMessage(TimeStamped):
    """One entry of the thread: a public reply (the customer sees it) or an internal note."""

    class AuthorKind(models.TextChoices):
        CUSTOMER = "customer", _("Customer")
        AGENT = "agent", _("Agent")
        SYSTEM = "system", _("System")

    # Indexes of both keys are in Meta: ticketmessage_thread starts with the ticket, and the
    # author's is partial (customers writing by secret link have none).
    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="messages", db_index=False
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
        db_index=False,
    )
    author_kind = models.CharField(_("author kind"), max_length=10, choices=AuthorKind.choices)
    internal = models.BooleanField(_("internal note"), default=False)
    body = models.TextField(_("message"))

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [
            models.Index(fields=["ticket", "created_at"], name="ticketmessage_thread"),
            models.Index(
                fields=["author"],
                condition=models.Q(author__isnull=False),
                name="ticketmessage_author",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(author_kind="customer", internal=True),
                name="ticketmessage_customer_never_internal",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id}/{self.pk}"


def _attachment_path(instance: "Attachment", filename: str) -> str:
    # Random names: the original name is kept in a column and never touches the file system.
    return f"tickets/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


class Attachment(StoredFile):
    """A file on a request's message."""

    message = models.ForeignKey(TicketMessage, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=_attachment_path, max_length=200)

    class Meta(StoredFile.Meta):
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")


PLACEHOLDER = re.compile(r"\{(\w+)\}")


def placeholders_check(obj: models.Model, *, fields: tuple[str, ...], scope: str) -> None:
    """ValidationError (per field) for placeholders that a text used in ``scope``
    (``CannedResponse.Scope``) cannot fill in (``CannedResponse.PLACEHOLDERS``): the one
    save-time check of every reply template (canned responses, macros' replies)."""
    allowed = CannedResponse.PLACEHOLDERS.get(scope, ())
    scope_label = CannedResponse.Scope(scope).label if scope in CannedResponse.Scope else scope
    errors = {}
    for field in fields:
        unknown = sorted(set(PLACEHOLDER.findall(getattr(obj, field) or "")) - set(allowed))
        if unknown:
            errors[field] = ValidationError(
                _("%(unknown)s cannot be filled in here (%(scope)s). Use: %(allowed)s."),
                code="unknown_placeholder",
                params={
                    "unknown": ", ".join(f"{{{name}}}" for name in unknown),
                    "scope": scope_label,
                    "allowed": ", ".join(f"{{{name}}}" for name in allowed),
                },
            )
    if errors:
        raise ValidationError(errors)


class CannedResponse(TimeStamped):
    """A reply template agents insert, in tickets, chats or both (its scope). Its placeholders
    must be ones its scope can fill in (``PLACEHOLDERS``), so that nothing renders empty."""

    class Scope(models.TextChoices):
        BOTH = "both", _("Chats and tickets")
        TICKETS = "tickets", _("Tickets only")
        CHATS = "chats", _("Chats only")

    # What tickets.canned (tickets) and the chat console (chats) fill in for each scope.
    PLACEHOLDERS = {
        Scope.TICKETS: ("customer_name", "reference", "agent_name", "category"),
        Scope.CHATS: ("customer_name", "agent_name", "category"),
        Scope.BOTH: ("customer_name", "agent_name", "category"),
    }

    title_zh_hans = models.CharField(_("title (Chinese)"), max_length=120)
    title_en = models.CharField(_("title (English)"), max_length=120)
    body_zh_hans = models.TextField(_("text (Chinese)"))
    body_en = models.TextField(_("text (English)"))
    scope = models.CharField(
        _("used in"),
        max_length=8,
        choices=Scope.choices,
        default=Scope.BOTH,
        help_text=_("Agents are offered it only in this kind of conversation."),
    )
    category = models.ForeignKey(
        Topic,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="canned_responses",
        verbose_name=_("category"),
        help_text=_("Optional: offered first for requests in this category."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("canned response")
        verbose_name_plural = _("canned responses")
        indexes = [models.Index(fields=["is_active", "position"], name="canned_active")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scope__in=["both", "tickets", "chats"]), name="canned_scope"
            )
        ]

    def clean(self) -> None:
        placeholders_check(self, fields=("body_zh_hans", "body_en"), scope=self.scope)

    def __str__(self) -> str:
        return localized(self, "title")  # in the admin's language
