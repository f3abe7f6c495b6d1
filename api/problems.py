"""Every API error is an RFC 9457 problem: ``application/problem+json`` with ``type`` (a URN
naming the problem, listed in docs/api.md), ``title``, ``status`` and ``detail``, in the caller's
language (``Accept-Language``). Invalid fields are listed in ``errors``."""

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.response import Response

CONTENT_TYPE = "application/problem+json"
TYPE_PREFIX = "urn:helpcenter:problem:"


class Problem(exceptions.APIException):
    """An error the API answers with a problem of its own ``code``."""

    def __init__(self, code: str, detail: Any, status_code: int = 400) -> None:
        super().__init__(detail=detail, code=code)
        self.status_code = status_code
        self.problem_code = code


def _titles() -> dict[str, str]:
    return {
        "invalid": _("Invalid request"),
        "malformed": _("Malformed request"),
        "unauthenticated": _("Not signed in"),
        "forbidden": _("Not allowed"),
        "not_found": _("Not found"),
        "method_not_allowed": _("Method not allowed"),
        "not_acceptable": _("Not acceptable"),
        "unsupported_media_type": _("Unsupported media type"),
        "conflict": _("Conflict"),
        "unprocessable": _("Request refused"),
        "rate_limited": _("Too many requests"),
        "unavailable": _("Service unavailable"),
        "idempotency_mismatch": _("Idempotency key reused"),
        "idempotency_in_progress": _("Request still in progress"),
        "identity_refused": _("Signed identity refused"),
        "no_agent_available": _("No agent available"),
    }


_BY_CLASS: list[tuple[type[exceptions.APIException], str]] = [
    (exceptions.ValidationError, "invalid"),
    (exceptions.ParseError, "malformed"),
    (exceptions.NotAuthenticated, "unauthenticated"),
    (exceptions.AuthenticationFailed, "unauthenticated"),
    (exceptions.PermissionDenied, "forbidden"),
    (exceptions.NotFound, "not_found"),
    (exceptions.MethodNotAllowed, "method_not_allowed"),
    (exceptions.NotAcceptable, "not_acceptable"),
    (exceptions.UnsupportedMediaType, "unsupported_media_type"),
    (exceptions.Throttled, "rate_limited"),
]


def problem_response(
    code: str,
    status_code: int,
    detail: str,
    *,
    errors: Any = None,
    headers: dict[str, str] | None = None,
) -> Response:
    body: dict[str, Any] = {
        "type": f"{TYPE_PREFIX}{code}",
        "title": _titles().get(code, _("Error")),
        "status": status_code,
        "detail": detail,
    }
    if errors:
        body["errors"] = errors
    return Response(body, status=status_code, headers=headers, content_type=CONTENT_TYPE)


def _messages(detail: Any) -> Any:
    """DRF's nested error details as plain strings (lists per field)."""
    if isinstance(detail, dict):
        return {str(k): _messages(v) for k, v in detail.items()}
    if isinstance(detail, list):
        return [_messages(v) for v in detail]
    return str(detail)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's exception handler: problems for API and Django errors; None (a 500) otherwise."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, DjangoValidationError):
        # A service refused the request (tickets.services and friends raise these, translated).
        return problem_response(
            "unprocessable", status.HTTP_422_UNPROCESSABLE_ENTITY, " ".join(exc.messages)
        )
    if not isinstance(exc, exceptions.APIException):
        return None
    headers = {}
    if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        headers["Retry-After"] = str(int(exc.wait))
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        headers["WWW-Authenticate"] = 'Bearer realm="api"'
    if isinstance(exc, Problem):
        code = exc.problem_code
    else:
        code = next((c for cls, c in _BY_CLASS if isinstance(exc, cls)), "invalid")
    if isinstance(exc, exceptions.ValidationError):
        errors = _messages(exc.detail)
        if not isinstance(errors, dict):
            errors = {"non_field_errors": errors}
        return problem_response(
            code, exc.status_code, str(INVALID_DETAIL), errors=errors, headers=headers
        )
    if isinstance(exc, exceptions.Throttled):
        detail = _("Too many requests in a short time. Try again in %(seconds)d seconds.") % {
            "seconds": int(exc.wait or 1)
        }
    else:
        detail = str(_messages(exc.detail))
    return problem_response(code, exc.status_code, detail, headers=headers)


INVALID_DETAIL = gettext_lazy("Some fields are not valid: see errors.")
