"""The API's rate limits, counted by ``core.ratelimits`` like every other limit of the site: per
API key, per customer, and per client IP for calls with neither."""

from typing import Any

from django.conf import settings
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle

from api.authentication import Credential
from core.ratelimits import attempt_wait, client_ip


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
        self.wait_seconds = attempt_wait(limits_for(request))
        return self.wait_seconds == 0

    def wait(self) -> float:
        return self.wait_seconds
