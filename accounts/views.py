from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.views import (
    LoginView,
    PasswordResetCompleteView,
    PasswordResetConfirmView,
    PasswordResetDoneView,
    PasswordResetView,
)
from django.core.exceptions import ValidationError
from django.forms import Form
from django.forms.forms import NON_FIELD_ERRORS
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import selectors, services
from accounts.decorators import customer_required
from accounts.devices import remember_device
from accounts.forms import (
    DeactivateForm,
    EmailChangeForm,
    PasswordResetRequestForm,
    SignInForm,
    SignupForm,
)
from core.ratelimits import rate_limited

# Every sign-in attempt from one address, on the site and in admin together (one scope).
sign_in_rate_limited = rate_limited("accounts:login", lambda: settings.LOGIN_ATTEMPTS_PER_ADDRESS)


def sign_in_answer(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """What both sign-in pages (the site's and Django admin's) answer: a sign-in the throttle
    refused shows the form again with its message as a 429; a successful one marks this browser
    as known to the account (``accounts.devices``)."""
    form: Form | None = (getattr(response, "context_data", None) or {}).get("form")
    if form is not None and form.has_error(NON_FIELD_ERRORS, "throttled"):
        response.status_code = 429
    elif request.method == "POST" and response.status_code == 302 and request.user.is_authenticated:
        remember_device(response, request, request.user)
    return response


@method_decorator(sign_in_rate_limited, name="post")
class RateLimitedLoginView(LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return sign_in_answer(request, super().post(request, *args, **kwargs))

    def get_default_redirect_url(self) -> str:
        """Staff land in the console, in the language of the page they signed in on."""
        if self.request.user.is_staff:
            return reverse("console-home")
        return super().get_default_redirect_url()


@rate_limited("accounts:signup", "5/m")
def signup(request: HttpRequest) -> HttpResponse:
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.customer_create(**form.cleaned_data, language=get_language())
        login(request, user, backend="accounts.backends.EmailOrUsernameBackend")
        return redirect("accounts:email-check")
    return render(request, "accounts/signup.html", {"form": form})


# --- Confirming an e-mail address ------------------------------------------------------------
# Every e-mail with a link an account asks for (resent or for a new address), one budget.
verification_emails_limited = rate_limited(
    "accounts:verification-emails", services.VERIFICATION_EMAILS_RATE, key="user_or_ip"
)


@customer_required
def email_check(request: HttpRequest) -> HttpResponse:
    """The "check your e-mail" page: where the link went, and a button to send it again."""
    return render(
        request, "accounts/email_check.html", {"email": selectors.email_state(request.user)}
    )


@customer_required
@require_POST
@verification_emails_limited
def email_resend(request: HttpRequest) -> HttpResponse:
    sent = services.email_verification_resend(user=request.user)
    if sent is None:
        messages.info(request, _("Your e-mail address is already confirmed."))
        return redirect("accounts:account")
    messages.success(request, _("We sent a new link to %(email)s.") % {"email": sent.email})
    return redirect("accounts:email-check")


def _refusal(reason: str) -> str:
    return {
        "used": _(
            "This link was already used: each link works once. Sign in to see whether "
            "your address is confirmed, or ask for a new link."
        ),
        "replaced": _("A newer link was sent after this one: please use the latest e-mail."),
        "expired": _(
            "This link has expired (links work for 24 hours). Sign in and ask for a new one."
        ),
        "taken": _("Another account uses this e-mail address now."),
    }.get(reason, _("This link is not valid. Check that you copied all of it."))


@require_http_methods(["GET", "POST"])
@rate_limited("accounts:email-confirm", "30/h")
def email_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the e-mail. Opening it shows a button; only pressing it (a POST) uses the
    link, so mail scanners that open links do not use it up."""
    if request.method == "GET":
        return render(request, "accounts/email_confirm.html", {"token": token})
    try:
        user = services.email_verification_confirm(token=token)
    except services.VerificationRefused as refused:
        # 200, not 400: Django logs the path of every 4xx, and the path holds the token.
        context = {"token": token, "refusal": _refusal(refused.reason)}
        return render(request, "accounts/email_confirm.html", context)
    messages.success(
        request, _("Your e-mail address %(email)s is confirmed.") % {"email": user.email}
    )
    if request.user.is_authenticated and request.user.pk == user.pk:
        return redirect("my-requests")
    return redirect("accounts:login")


# --- The account page ------------------------------------------------------------------------
@customer_required
def account(request: HttpRequest) -> HttpResponse:
    return _account_page(request)


def _account_page(
    request: HttpRequest,
    *,
    email_form: EmailChangeForm | None = None,
    deactivate_form: DeactivateForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "email": selectors.email_state(request.user),
        "email_form": email_form or EmailChangeForm(user=request.user, auto_id="id_email_%s"),
        "deactivate_form": deactivate_form
        or DeactivateForm(user=request.user, auto_id="id_close_%s"),
    }
    return render(request, "accounts/account.html", context, status=status)


@customer_required
@require_POST
@verification_emails_limited
def email_change(request: HttpRequest) -> HttpResponse:
    form = EmailChangeForm(request.POST, user=request.user, auto_id="id_email_%s")
    if form.is_valid():
        try:
            pending = services.email_change_request(
                user=request.user, new_email=form.cleaned_data["new_email"]
            )
        except ValidationError as exc:
            form.add_error("new_email", exc)
        else:
            messages.success(
                request,
                _("We sent a link to %(email)s. Your address changes when you open it.")
                % {"email": pending.email},
            )
            return redirect("accounts:account")
    return _account_page(request, email_form=form, status=400)


@customer_required
@require_POST
def deactivate(request: HttpRequest) -> HttpResponse:
    form = DeactivateForm(request.POST, user=request.user, auto_id="id_close_%s")
    if not form.is_valid():
        return _account_page(request, deactivate_form=form, status=400)
    services.customer_deactivate(user=request.user)
    logout(request)
    return render(request, "accounts/deactivated.html")


# --- Password reset: Django's views, this site's templates -----------------------------------
@method_decorator(rate_limited("accounts:password-reset", "10/h"), name="post")
class PasswordResetRequestView(PasswordResetView):
    form_class = PasswordResetRequestForm
    template_name = "registration/password_reset_form.html"
    subject_template_name = "emails/accounts/password_reset.subject.txt"
    email_template_name = "emails/accounts/password_reset.txt"
    html_email_template_name = "emails/accounts/password_reset.html"
    success_url = reverse_lazy("accounts:password-reset-done")


class PasswordResetSentView(PasswordResetDoneView):
    template_name = "registration/password_reset_done.html"


@method_decorator(rate_limited("accounts:password-reset-confirm", "30/h"), name="post")
class PasswordResetSetView(PasswordResetConfirmView):
    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")

    def form_valid(self, form: Form) -> HttpResponse:
        response = super().form_valid(form)
        services.email_confirmed_by_password_reset(user=self.user)
        return response


class PasswordResetFinishedView(PasswordResetCompleteView):
    template_name = "registration/password_reset_complete.html"
