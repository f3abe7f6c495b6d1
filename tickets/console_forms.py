"""Forms of the staff console's ticket pages: they parse input; every write is a service."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import AttachmentsField
from core.models import Topic
from tickets.console_selectors import QueueFilters, console_agent_list
from tickets.forms import ATTACHMENT_HELP, CategoryChoiceField
from tickets.models import Ticket


def agent_label(user: Any) -> str:
    return user.get_full_name() or user.get_username()


class QueueFilterForm(forms.Form):
    """The queue's GET filters; invalid values are dropped rather than shown as errors."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *Ticket.Status.choices]
    )
    priority = forms.ChoiceField(
        label=_("Priority"),
        required=False,
        choices=[("", _("Any priority")), *Ticket.Priority.choices],
    )
    category = CategoryChoiceField(
        label=_("Category"),
        required=False,
        queryset=Topic.objects.all(),
        empty_label=_("Any category"),
    )
    assignee = forms.ChoiceField(label=_("Assignee"), required=False)

    def __init__(self, *args: Any, agents: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [
            ("", _("Anyone")),
            ("me", _("Me")),
            ("none", _("Nobody")),
            *((str(a.pk), agent_label(a)) for a in agents),
        ]

    def filters(self) -> QueueFilters:
        """The valid filters (an invalid field counts as not set)."""
        self.is_valid()
        data = {name: self.cleaned_data.get(name) for name in self.fields}
        category = data["category"]
        return QueueFilters(
            status=data["status"] or "",
            priority=data["priority"] or "",
            category_id=category.pk if category else None,
            assignee=data["assignee"] or "",
            query=(data["q"] or "").strip(),
        )


class ConsoleReplyForm(forms.Form):
    """A public reply or an internal note, optionally moving the ticket on in the same step."""

    KIND_REPLY = "reply"
    KIND_NOTE = "note"

    kind = forms.ChoiceField(
        label=_("Type"),
        choices=[(KIND_REPLY, _("Public reply")), (KIND_NOTE, _("Internal note"))],
        initial=KIND_REPLY,
        widget=forms.RadioSelect,
    )
    body = forms.CharField(
        label=_("Message"), max_length=10000, widget=forms.Textarea(attrs={"rows": 6})
    )
    attachments = AttachmentsField(label=_("Attachments"), help_text=ATTACHMENT_HELP)
    then_status = forms.ChoiceField(
        label=_("Then set status"),
        required=False,
        choices=[
            ("", _("Keep status")),
            (Ticket.Status.PENDING_CUSTOMER, Ticket.Status.PENDING_CUSTOMER.label),
            (Ticket.Status.SOLVED, Ticket.Status.SOLVED.label),
        ],
    )

    # The last message the agent saw (tickets.services.collisions); the page fills it in.
    last_seen_message = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    @property
    def is_note(self) -> bool:
        return self.cleaned_data.get("kind") == self.KIND_NOTE


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Ticket.Status.choices)

    def __init__(self, *args: Any, allowed: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if allowed is not None:
            self.fields["status"].choices = [
                (value, label) for value, label in Ticket.Status.choices if value in allowed
            ]


class PriorityForm(forms.Form):
    priority = forms.ChoiceField(label=_("Priority"), choices=Ticket.Priority.choices)


class CategoryForm(forms.Form):
    category = CategoryChoiceField(
        label=_("Category"), queryset=Topic.objects.all(), empty_label=None
    )


class AssignForm(forms.Form):
    """``assignee`` empty means unassign; ``me`` is the "assign to me" button's value."""

    assignee = forms.CharField(label=_("Assignee"), required=False, max_length=20)

    def clean_assignee(self) -> Any:
        value = self.cleaned_data["assignee"]
        if value in ("", None):
            return None
        if value == "me":
            return "me"
        if not value.isdigit():
            raise forms.ValidationError(_("Choose an agent."))
        agent = console_agent_list().filter(pk=int(value)).first()
        if agent is None:
            raise forms.ValidationError(_("Choose an agent."))
        return agent


class MergeForm(forms.Form):
    target = forms.CharField(
        label=_("Merge into request"),
        max_length=40,
        widget=forms.TextInput(attrs={"placeholder": "HC-2026-000123", "autocomplete": "off"}),
    )

    def clean_target(self) -> str:
        return self.cleaned_data["target"].strip().upper()


class NewTicketForm(forms.Form):
    """A request an agent opens for a customer who called or wrote on a social network, or
    whom the agent writes to first by e-mail (then the first message is required and the
    customer's words are optional)."""

    source = forms.ChoiceField(
        label=_("Came by"),
        choices=[
            (Ticket.Source.PHONE, Ticket.Source.PHONE.label),
            (Ticket.Source.SOCIAL, Ticket.Source.SOCIAL.label),
            (Ticket.Source.EMAIL, _("E-mail we send first")),
        ],
        initial=Ticket.Source.PHONE,
        widget=forms.RadioSelect,
    )
    name = forms.CharField(label=_("Customer's name"), max_length=120)
    email = forms.EmailField(
        label=_("Customer's e-mail"),
        help_text=_("Replies and the link to follow the request go to this address."),
    )
    language = forms.ChoiceField(label=_("Customer's language"), choices=Ticket.Language.choices)
    category = CategoryChoiceField(
        label=_("Category"), queryset=Topic.objects.filter(is_active=True), empty_label=None
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    description = forms.CharField(
        label=_("What the customer told us"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Required for a call or a social network; for an e-mail we send first, an "
            "optional internal note."
        ),
    )
    first_message = forms.CharField(
        label=_("First message to the customer"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "E-mailed to the customer as your reply; their answer to it comes back "
            "into this request. Required for an e-mail we send first; otherwise leave "
            "empty to send nothing."
        ),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("source") == Ticket.Source.EMAIL:
            if not (data.get("first_message") or "").strip():
                self.add_error("first_message", _("Write the e-mail to send to the customer."))
        elif not (data.get("description") or "").strip():
            self.add_error("description", _("Write down what the customer told us."))
        return data
