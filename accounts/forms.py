import math
from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.devices import known_accounts
from accounts.services import login_throttle_check, login_throttle_record
from core.ratelimits import client_ip


class SignupForm(forms.Form):
    """A customer account: name, e-mail (used to sign in) and a password."""

    name = forms.CharField(label=_("Name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"))
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("An account with this e-mail already exists."))
        return email

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        password_validation.validate_password(password)
        return password


class ThrottledSignInMixin:
    """Both sign-in forms (the site's and Django admin's) ask the throttle before the password
    is checked and tell it the outcome after; a refusal is the form's error with code
    ``"throttled"`` (``views.sign_in_answer`` makes it a 429)."""

    request: HttpRequest
    user_cache: Any

    def clean(self) -> dict[str, Any]:
        identifier = self.cleaned_data.get("username")
        if not identifier or not self.cleaned_data.get("password"):
            return super().clean()
        address = client_ip(self.request)
        wait = login_throttle_check(
            identifier=identifier, address=address, known_accounts=known_accounts(self.request)
        )
        if wait:
            minutes = math.ceil(wait / 60)
            raise forms.ValidationError(
                ngettext(
                    "Too many failed sign-in attempts for this account. "
                    "Please try again in %(minutes)d minute.",
                    "Too many failed sign-in attempts for this account. "
                    "Please try again in %(minutes)d minutes.",
                    minutes,
                ),
                code="throttled",
                params={"minutes": minutes},
            )
        try:
            cleaned_data = super().clean()
        except forms.ValidationError:
            # A right password refused for another reason (an admin sign-in by a customer) is
            # not a guess.
            if self.user_cache is None:
                login_throttle_record(identifier=identifier, address=address, succeeded=False)
            raise
        login_throttle_record(identifier=identifier, address=address, succeeded=True)
        return cleaned_data


class SignInForm(ThrottledSignInMixin, AuthenticationForm):
    """The site's sign-in: e-mail or username and password, throttled."""


class AdminSignInForm(ThrottledSignInMixin, AdminAuthenticationForm):
    """Django admin's sign-in (staff only), throttled by the same rules and counts."""
