"""Forms of the security desk's console pages."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.models import AuditEntry
from wallet.models import ClosureRequest, Verification


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300, strip=True)


class UnfreezeForm(ReasonForm):
    confirm = forms.BooleanField(
        label=_("I checked the customer's identity and want to unfreeze the account"),
        required=False,
    )


class VerifyForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("Send the code to"),
        choices=[
            (Verification.Method.SMS, _("Registered phone")),
            (Verification.Method.EMAIL, _("Registered e-mail")),
        ],
        initial=Verification.Method.SMS,
        widget=forms.RadioSelect,
    )


class ClosureForm(forms.Form):
    reasons = forms.MultipleChoiceField(
        label=_("Reasons"),
        choices=ClosureRequest.Reason.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    comment = forms.CharField(label=_("Comment"), max_length=500, required=False)


class CodeForm(forms.Form):
    code = forms.RegexField(
        label=_("Verification code"),
        regex=r"^\d{6}$",
        error_messages={"invalid": _("Enter the 6 digits of the code.")},
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "maxlength": 6}
        ),
    )


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Action"),
        required=False,
        choices=[("", _("Any action")), *AuditEntry.Action.choices],
    )
    actor = forms.IntegerField(label=_("Actor (user id)"), required=False, min_value=1)
    customer = forms.IntegerField(label=_("Customer (user id)"), required=False, min_value=1)
    object_id = forms.CharField(label=_("Object id"), required=False, max_length=64)
    since = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"placeholder": "YYYY-MM-DD"}),
    )
    until = forms.DateField(
        label=_("Until"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"placeholder": "YYYY-MM-DD"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("actor", "customer", "object_id", "since", "until"):
            self.fields[name].widget.attrs["class"] = "input"
