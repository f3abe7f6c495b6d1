from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class FindForm(forms.Form):
    """Who the supervisor means: an e-mail address or a wallet user id."""

    email = forms.EmailField(label=_("E-mail address"), required=False, max_length=254)
    wallet_user_id = forms.CharField(label=_("Wallet user id"), required=False, max_length=64)

    def clean(self) -> dict:
        data = super().clean()
        if not self.errors and not data.get("email") and not data.get("wallet_user_id"):
            raise ValidationError(_("Enter an e-mail address or a wallet user id."))
        return data


class EraseForm(FindForm):
    """The first step: why. The second step (``EraseConfirmForm``) asks again."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Kept in the audit log, e.g. the customer's request of 2026-11-30. No names or "
            "e-mail addresses."
        ),
    )


class EraseConfirmForm(EraseForm):
    confirm = forms.BooleanField(
        label=_("I understand that this cannot be undone."),
        required=True,
    )
