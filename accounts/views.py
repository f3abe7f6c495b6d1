from typing import Any

from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.views import LoginView
from django.forms import Form
from django.forms.forms import NON_FIELD_ERRORS
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator

from accounts.decorators import agent_required
from accounts.devices import remember_device
from accounts.forms import SignInForm, SignupForm
from accounts.roles import is_supervisor
from accounts.services import customer_create
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


@rate_limited("accounts:signup", "5/m")
def signup(request: HttpRequest) -> HttpResponse:
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = customer_create(**form.cleaned_data)
        login(request, user, backend="accounts.backends.EmailOrUsernameBackend")
        return redirect("/")
    return render(request, "accounts/signup.html", {"form": form})


@agent_required
def console_home(request: HttpRequest) -> HttpResponse:
    """The staff console's landing page: links to the chat and ticket workspaces."""
    context = {"is_supervisor": is_supervisor(request.user)}
    return render(request, "accounts/console_home.html", context)
