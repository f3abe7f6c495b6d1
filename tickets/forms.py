"""Forms of the public request pages. They validate input (attachments included, through
``core.forms.AttachmentsField``) and leave every write to ``tickets.services``."""

import copy
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from core import topics
from core.forms import AttachmentsField
from core.i18n import language_suffix, localized
from core.models import Topic
from tickets.models import TopicField
from tickets.services import topic_fields


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


def _detail_field(field: TopicField) -> forms.Field:
    """The input for one of a topic's questions. It only collects text: the answers are
    checked by ``topic_fields.details_clean``, the one check the API goes through too."""
    Kind = TopicField.Kind
    attrs: dict[str, str] = {"autocomplete": "off"}
    widget: forms.Widget
    if field.kind == Kind.CHOICE:
        en = language_suffix() == "en"
        options = [(key, en_label if en else zh) for key, zh, en_label in field.choice_list]
        widget = forms.Select(choices=[("", _("Choose…")), *options])
    elif field.kind == Kind.DATE:
        widget = forms.DateInput(
            attrs={"type": "date", "max": timezone.localdate().isoformat()}, format="%Y-%m-%d"
        )
    else:
        attrs.update(
            {
                Kind.AMOUNT: {"inputmode": "decimal", "placeholder": "128.50"},
                Kind.CARD_LAST4: {"inputmode": "numeric", "maxlength": "4", "placeholder": "1234"},
                Kind.TRANSACTION: {
                    "autocapitalize": "characters",
                    "spellcheck": "false",
                    "placeholder": "TXN-20261121-0042",
                },
            }.get(field.kind, {"maxlength": str(topic_fields.TEXT_MAX)})
        )
        widget = forms.TextInput(attrs=attrs)
    return forms.CharField(
        label=localized(field, "label"),
        help_text=localized(field, "help"),
        required=field.required,
        strip=False,
        widget=widget,
    )


class TopicDetailsForm(forms.Form):
    """The raw answers to one topic's questions, its inputs prefixed with the topic's id
    (topics may ask the same key). ``TicketCreateForm`` checks the chosen topic's."""

    def __init__(
        self, *args: Any, topic: Topic, fields: tuple[TopicField, ...], **kwargs: Any
    ) -> None:
        super().__init__(*args, prefix=f"topic{topic.pk}", **kwargs)
        self.topic = topic
        self.kinds = {field.key: field.kind for field in fields}
        self.asks_transaction = TopicField.Kind.TRANSACTION in self.kinds.values()
        for field in fields:
            self.fields[field.key] = _detail_field(field)

    def raw_values(self) -> dict[str, object]:
        return {key: self[key].value() or "" for key in self.fields}


class _SharedFields(dict):
    """A form's ``base_fields`` whose deep copy is a new dict of the same field objects."""

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[str, Any]:
        return dict(self)


class TicketCreateForm(forms.Form):
    """The public request form. ``website`` is a honeypot: people never see it, bots fill it.

    ``topic_forms``: the questions of every active topic that has some (the page renders them
    all and shows the chosen topic's); ``cleaned_data["details"]`` holds the chosen topic's
    answers, checked."""

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

    def __init__(self, *args: Any, shared_fields: bool = False, **kwargs: Any) -> None:
        if shared_fields:
            # Django deep-copies ``base_fields`` for every form (a tenth of a posted request's
            # CPU); checking a POST changes none of them, so it may use them as they are.
            self.base_fields = _SharedFields(type(self).base_fields)
        super().__init__(*args, **kwargs)
        self._details_data = args[0] if args else kwargs.get("data")
        self._details_forms: dict[int, TopicDetailsForm] = {}

    @classmethod
    def posted(cls, data: Any, files: Any) -> "TicketCreateForm":
        """The form for checking a POST, with the class's fields shared instead of copied
        (the plain way: ``TicketCreateForm(data, files)``). Before it is shown again (refused),
        ``own_fields()`` gives it copies, as the plain form has.
        ``tests/tickets/test_create_form_shared_fields.py``."""
        return cls(data, files, shared_fields=True)

    def own_fields(self) -> None:
        """Give a ``posted`` form its own copies of the fields (before it is rendered)."""
        if isinstance(self.__dict__.get("base_fields"), _SharedFields):
            del self.base_fields
            self.fields = copy.deepcopy(self.base_fields)
            self._bound_fields_cache.clear()

    def _details_form(self, topic: Topic, fields: tuple[TopicField, ...]) -> "TopicDetailsForm":
        """One topic's questions, made once per form (the chosen topic's keeps its errors)."""
        made = self._details_forms.get(topic.pk)
        if made is None:
            made = TopicDetailsForm(self._details_data, topic=topic, fields=fields)
            self._details_forms[topic.pk] = made
        return made

    @cached_property
    def topic_forms(self) -> list["TopicDetailsForm"]:
        """Made when the page is rendered: a valid POST needs only the chosen topic's
        (``details_form_for``), not every topic's inputs."""
        return [
            self._details_form(topic, fields)
            for topic in topics.active()
            if (fields := topic_fields.topic_fields_of(topic.pk))
        ]

    def clean_website(self) -> str:
        if self.cleaned_data["website"]:
            raise ValidationError(_("Your request could not be sent. Please try again."))
        return ""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        topic = cleaned.get("category")
        details_form = self.details_form_for(topic)
        cleaned["details"] = {}
        if details_form is None:
            return cleaned
        details_form.is_valid()  # the required check, with Django's own message
        try:
            cleaned["details"] = topic_fields.details_clean(
                topic=topic, values=details_form.raw_values()
            )
        except ValidationError as exc:
            for key, messages in exc.message_dict.items():
                if key in details_form.fields and key not in details_form.errors:
                    details_form.add_error(key, messages)
        if details_form.errors:
            raise ValidationError(_("Please correct the fields marked below."), code="details")
        return cleaned

    def details_form_for(self, topic: Topic | None) -> "TopicDetailsForm | None":
        """The chosen (active) topic's questions, the same form ``topic_forms`` holds; None
        for a topic without questions."""
        fields = topic_fields.topic_fields_of(topic.pk) if topic is not None else ()
        return self._details_form(topic, fields) if fields else None

    def transaction_number_given(self) -> str:
        """The general field's, or else the answer to the topic's own transaction number
        question (the page shows only that one then): what agents search by."""
        details = self.cleaned_data["details"]
        details_form = self.details_form_for(self.cleaned_data["category"])
        kinds = details_form.kinds if details_form else {}
        asked = [details[key] for key, kind in kinds.items() if kind == "transaction"]
        return self.cleaned_data["transaction_number"] or next(
            (value for value in asked if value), ""
        )

    def chosen_topic_id(self) -> str:
        """The topic shown as chosen (posted, or preselected), as the select's value."""
        value = self["category"].value()
        return "" if value is None else str(getattr(value, "pk", value))


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
