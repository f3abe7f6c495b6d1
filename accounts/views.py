from django.contrib.auth import login
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator

from accounts.decorators import agent_required
from accounts.forms import SignupForm
from accounts.roles import is_supervisor
from accounts.services import customer_create
from core.ratelimits import rate_limited


@method_decorator(rate_limited("accounts:login", "20/m"), name="post")
class RateLimitedLoginView(LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


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
