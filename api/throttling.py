"""The API's rate limits, counted by ``core.ratelimits`` like every other limit of the site: per
API key, per customer, and per client IP for calls with neither.

A view that counts a limit of its own on the way (opening a request counts the request form's
per-e-mail limit once its body is valid) may count the credential's limits in the same Redis
round trip: it lists the method in ``limits_counted_in_view`` and wraps it in
``credential_limits_counted``; the throttle then leaves them pending, ``attempt_wait_with``
counts them with the view's own, and whatever way the method ends without having counted them
(an invalid body, a replayed answer), they are counted then. The answer is the same as when
the throttle counts first: over a credential's limit, a 429, whatever the request held."""

from collections.abc import Callable, Sequence
from functools import wraps
from typing import Any

from django.conf import settings
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle

from api.authentication import Credential
from core.ratelimits import Rate, attempt_wait, attempt_waits, client_ip

Limit = tuple[str, str, str | Rate]
_PENDING = "_api_limits_pending"


def limits_for(request: Request) -> list[tuple[str, str, str]]:
    credential = request.auth if isinstance(request.auth, Credential) else None
    limits = []
    if credential is not None and credential.api_key is not None:
        limits.append(("api:key", str(credential.api_key.pk), settings.API_RATE_PER_KEY))
    if credential is not None and credential.customer is not None:
        limits.append(("api:customer", str(credential.customer.pk), settings.API_RATE_PER_CUSTOMER))
    if not limits:
        limits.append(("api:ip", client_ip(request), settings.API_RATE_ANONYMOUS))
    return limits


class ApiThrottle(BaseThrottle):
    def allow_request(self, request: Request, view: Any) -> bool:
        if request.method in getattr(view, "limits_counted_in_view", ()):
            setattr(request, _PENDING, limits_for(request))
            return True
        self.wait_seconds = attempt_wait(limits_for(request))
        return self.wait_seconds == 0

    def wait(self) -> float:
        return self.wait_seconds


def attempt_wait_with(request: Request, limits: Sequence[Limit]) -> int:
    """``core.ratelimits.attempt_wait(limits)`` that also counts the request's pending
    credential limits, all in one round trip. Raises Throttled when a credential limit is
    exceeded (as the throttle would have); else the wait of ``limits`` (0: none exceeded)."""
    pending = getattr(request, _PENDING, None) or []
    setattr(request, _PENDING, None)
    if not pending:
        return attempt_wait(limits)
    waits = attempt_waits([*pending, *limits])
    credential_wait = max(waits[: len(pending)])
    if credential_wait:
        raise exceptions.Throttled(wait=credential_wait)
    return max(waits[len(pending) :], default=0)


def credential_limits_counted(method: Callable[..., Any]) -> Callable[..., Any]:
    """Count the credential's limits left pending by the throttle if ``method`` did not (see
    the module's docstring): over them, Throttled instead of what the method answered."""

    @wraps(method)
    def wrapper(view: Any, request: Request, *args: Any, **kwargs: Any) -> Any:
        try:
            response = method(view, request, *args, **kwargs)
        except BaseException:
            _count_pending(request)
            raise
        _count_pending(request)
        return response

    return wrapper


def _count_pending(request: Request) -> None:
    pending = getattr(request, _PENDING, None)
    if pending:
        attempt_wait_with(request, [])
