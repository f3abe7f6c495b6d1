from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from accounts import services
from accounts.roles import is_agent, is_supervisor

_LANGUAGE_SEEN = "staff_language"


def _remember_language(request: HttpRequest) -> None:
    # The console's language becomes the language of the staff member's e-mails; the session
    # remembers what was recorded, so only a change writes.
    language = getattr(request, "LANGUAGE_CODE", "")
    if language and request.session.get(_LANGUAGE_SEEN) != language:
        services.staff_language_remember(user=request.user, language=language)
        request.session[_LANGUAGE_SEEN] = language


def _role_required(check: Callable) -> Callable:
    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not check(request.user):
                raise PermissionDenied
            _remember_language(request)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


agent_required = _role_required(is_agent)
supervisor_required = _role_required(is_supervisor)


def customer_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A signed-in customer's own account pages; staff accounts are managed in admin."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if request.user.is_staff:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
