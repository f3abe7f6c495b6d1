import logging
import math
from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.devices import known_accounts
from accounts.emails import customer_language
from accounts.services import (
    login_throttle_check,
    login_throttle_record,
    password_reset_mail_allowed,
)
from core.mail import Email
from core.ratelimits import client_ip

logger = logging.getLogger(__name__)


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


class PasswordCheckedForm(forms.Form):
    """A change to the signed-in account that asks for its current password first."""

    password = forms.CharField(label=_("Current password"), widget=forms.PasswordInput, strip=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Your password is not correct."))
        return password


class EmailChangeForm(PasswordCheckedForm):
    """A new e-mail address for the account, confirmed by a link sent to it."""

    new_email = forms.EmailField(label=_("New e-mail address"))
    field_order = ["new_email", "password"]


class DeactivateForm(PasswordCheckedForm):
    """Closing the account (deactivation until deletion exists)."""


class PasswordResetRequestForm(PasswordResetForm):
    """Django's reset request, e-mailed in the account's language, and at most a few e-mails
    an hour to one address (``services.password_reset_mail_allowed``); the page answers the
    same either way, so it tells nobody whether an address has an account."""

    def get_users(self, email: str) -> Any:
        if not password_reset_mail_allowed(email=email):
            return iter(())
        return super().get_users(email)

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        """Django's own steps, in the account's language, with a Subject header that mail
        readers show exactly (core.mail.Email)."""
        language = customer_language(context["user"].pk)
        context = {**context, "LANGUAGE_CODE": language}
        with translation.override(language):
            subject = render_to_string(subject_template_name, context)
            message = Email(
                subject, render_to_string(email_template_name, context), from_email, [to_email]
            )
            if html_email_template_name is not None:
                html = render_to_string(html_email_template_name, context)
                message.attach_alternative(html, "text/html")
        try:
            message.send()
        except Exception:
            # As Django does: the page answers the same whether or not a mail left.
            logger.exception("Failed to send password reset email to %s", context["user"].pk)
