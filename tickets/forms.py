"""Forms of the public request pages. They validate input (attachments included, through
``core.forms.AttachmentsField``) and leave every write to ``tickets.services``."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from core import topics
from core.forms import AttachmentsField
from core.i18n import localized
from core.models import Topic


class _TopicChoiceIterator(forms.models.ModelChoiceIterator):
    """Choices from the process's copy of the active topics (``core.topics``), no query."""

    def __iter__(self) -> Any:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for category in topics.active():
            yield self.choice(category)

    def __len__(self) -> int:
        return len(topics.active()) + (self.field.empty_label is not None)


class CategoryChoiceField(forms.ModelChoiceField):
    """An active topic. Known topics come from ``core.topics``; an id it does not know yet
    (added in another process seconds ago) is looked up in the database."""

    iterator = _TopicChoiceIterator

    def label_from_instance(self, obj: Topic) -> str:
        return localized(obj, "name")

    def to_python(self, value: Any) -> Topic | None:
        try:
            known = topics.active_by_pk(int(value))
        except (TypeError, ValueError):
            known = None
        return known or super().to_python(value)


transaction_number_validator = RegexValidator(
    r"^[A-Za-z0-9-]{4,64}$",
    _("A transaction number has 4 to 64 letters, digits or dashes, as shown in your history."),
)

ATTACHMENT_HELP = _(
    "Up to 5 screenshots or receipts: images (PNG, JPEG, GIF, WebP) or PDF, 10 MB each."
)


class TicketCreateForm(forms.Form):
    """The public request form. ``website`` is a honeypot: people never see it, bots fill it."""

    category = CategoryChoiceField(
        label=_("Topic"),
        queryset=Topic.objects.filter(is_active=True),
        empty_label=_("Choose a topic"),
    )
    subject = forms.CharField(label=_("Subject"), min_length=4, max_length=200)
    description = forms.CharField(
        label=_("Description"),
        min_length=10,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text=_("What happened, when, and what you have already tried."),
    )
    transaction_number = forms.CharField(
        label=_("Transaction number (optional)"),
        required=False,
        max_length=64,
        validators=[transaction_number_validator],
    )
    error_message = forms.CharField(
        label=_("Error message shown (optional)"),
        required=False,
        max_length=500,
        help_text=_("Copy the exact text of the error, if you saw one."),
    )
    name = forms.CharField(label=_("Your name"), max_length=120)
    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_("We send the confirmation and every reply to this address."),
    )
    attachments = AttachmentsField(label=_("Attachments (optional)"), help_text=ATTACHMENT_HELP)
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_website(self) -> str:
        if self.cleaned_data["website"]:
            raise ValidationError(_("Your request could not be sent. Please try again."))
        return ""


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"), max_length=10000, widget=forms.Textarea(attrs={"rows": 5})
    )
    attachments = AttachmentsField(label=_("Attachments (optional)"), help_text=ATTACHMENT_HELP)


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("How satisfied are you with our help?"),
        coerce=int,
        choices=[(n, str(n)) for n in range(1, 6)],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
