"""Extra questions a topic asks on the request form (payment failed: transaction number,
amount, date…). Admins edit them inline on the topic; the answers are stored on the ticket as
``Ticket.details`` (key → string), validated by ``tickets.services.topic_fields``."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.i18n import localized
from core.models import Topic


class TopicField(models.Model):
    """One question of a topic's request form. ``choices`` holds one option per line,
    ``key | 中文 | English``; the ticket stores the option's key."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        AMOUNT = "amount", _("Amount")
        DATE = "date", _("Date")
        CHOICE = "choice", _("Choice")
        CARD_LAST4 = "card_last4", _("Card's last 4 digits")
        TRANSACTION = "transaction", _("Transaction number")

    topic = models.ForeignKey(
        Topic,
        on_delete=models.CASCADE,
        related_name="request_fields",
        verbose_name=_("category"),
        db_index=False,  # topicfield_key_unique starts with it
    )
    key = models.SlugField(
        _("key"),
        max_length=40,
        help_text=_("Short name stored with the request and used by the API, e.g. amount."),
    )
    label_zh_hans = models.CharField(_("label (Chinese)"), max_length=80)
    label_en = models.CharField(_("label (English)"), max_length=80)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.TEXT)
    choices = models.TextField(
        _("choices"),
        blank=True,
        help_text=_("For a choice: one option per line, as key | Chinese | English."),
    )
    required = models.BooleanField(_("required"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    help_zh_hans = models.CharField(_("help text (Chinese)"), max_length=200, blank=True)
    help_en = models.CharField(_("help text (English)"), max_length=200, blank=True)

    class Meta:
        ordering = ["topic", "position", "id"]
        verbose_name = _("request form field")
        verbose_name_plural = _("request form fields")
        constraints = [
            models.UniqueConstraint(fields=["topic", "key"], name="topicfield_key_unique"),
            models.CheckConstraint(
                condition=~models.Q(label_zh_hans="") & ~models.Q(label_en=""),
                name="topicfield_labels_not_empty",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="choice") | ~models.Q(choices=""),
                name="topicfield_choice_has_choices",
            ),
        ]

    def __str__(self) -> str:
        return localized(self, "label")

    @property
    def choice_list(self) -> list[tuple[str, str, str]]:
        """The options as (key, Chinese, English); a line without labels uses its key."""
        options = []
        for line in self.choices.splitlines():
            parts = [part.strip() for part in line.split("|")]
            if parts[0]:
                parts += [parts[0]] * (3 - len(parts))
                options.append((parts[0], parts[1] or parts[0], parts[2] or parts[0]))
        return options

    def clean(self) -> None:
        if self.kind == self.Kind.CHOICE and len(self.choice_list) < 2:
            raise ValidationError(
                {"choices": _("A choice needs at least two options, one per line.")}
            )
        keys = [key for key, _zh, _en in self.choice_list]
        if len(keys) != len(set(keys)):
            raise ValidationError({"choices": _("Each option needs its own key.")})
