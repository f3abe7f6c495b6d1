"""What the chat's JSON endpoints share (docs/chat-protocol.md, section 5): errors, bodies,
and the two entry checks.

Customers authenticate with the ``X-Chat-Token`` header (no CSRF token needed: nothing ambient)
or with the session plus the CSRF header. Calls from another company site that admins allow
(``WidgetOrigin``) get CORS headers and must use the token. Agents use the session and CSRF.
"""

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from accounts.roles import is_agent
from chat import access, services
from chat.routing import normalize_origin, widget_origin_allowed

TOKEN_HEADER = "X-Chat-Token"  # noqa: S105 - a header name
# Sent by the widget on every call. Another site cannot add a custom header to a request to us
# without a CORS preflight, which only admin-allowed widget origins pass, so its presence is a
# CSRF defence that also works inside a third-party iframe, where browsers withhold our cookies.
CLIENT_HEADER = "X-Chat-Client"
View = Callable[..., HttpResponse]


def error(code: str, message: str = "", status: int = 400, fields: Any = None) -> JsonResponse:
    return JsonResponse(
        {"error": code, "message": message or code, "fields": fields or {}}, status=status
    )


def json_body(request: HttpRequest) -> dict[str, Any]:
    if not request.body:
        return {}
    try:
        data = json.loads(request.body)
    # Deep nesting ([[[[…]]]]) makes the parser recurse past Python's limit: a bad body too.
    except (ValueError, RecursionError):
        return {"__invalid__": True}
    return data if isinstance(data, dict) else {"__invalid__": True}


def bound_form(form_class: type, request: HttpRequest) -> Any:
    data = json_body(request)
    form = form_class(data)
    form.is_valid()
    if "__invalid__" in data:
        form.add_error(None, _("The body must be a JSON object."))
    return form


def form_error(form: Any) -> JsonResponse:
    return error("invalid", "Some fields are invalid.", fields=form.errors.get_json_data())


def widget_origin(request: HttpRequest) -> str:
    """The request's Origin when it is another site allowed to embed the widget, else ""."""
    origin = request.headers.get("Origin", "")
    if not origin or normalize_origin(origin) == normalize_origin(request.build_absolute_uri("/")):
        return ""
    return origin if widget_origin_allowed(origin) else ""


def customer_endpoint(view: View) -> View:
    """CORS for allowed widget origins, and CSRF unless the call carries the chat token or comes
    from an allowed widget origin (both without cookies, so nothing ambient to forge)."""

    @csrf_exempt
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        allowed_origin = widget_origin(request)
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
        elif request.method != "GET" and not (
            request.headers.get(TOKEN_HEADER)
            or request.headers.get(CLIENT_HEADER)
            or allowed_origin
        ):
            rejected = CsrfViewMiddleware(lambda r: HttpResponse()).process_view(
                request, None, (), {}
            )
            response = rejected or view(request, *args, **kwargs)
        else:
            response = view(request, *args, **kwargs)
        if allowed_origin:
            response["Access-Control-Allow-Origin"] = allowed_origin
            response["Access-Control-Allow-Headers"] = (
                f"Content-Type, {TOKEN_HEADER}, {CLIENT_HEADER}"
            )
            response["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
            response["Access-Control-Max-Age"] = "600"
            response["Vary"] = "Origin"
        return response

    return wrapper


def agent_endpoint(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_agent(request.user):
            return error("forbidden", "Agents only.", status=403)
        return view(request, *args, **kwargs)

    return wrapper


def customer_conversation(
    request: HttpRequest, conversation_id: int, *, after_close: bool = False
) -> Any:
    """The customer's conversation, proven by the ``X-Chat-Token`` header (never a URL
    parameter: URLs end up in access logs), the session or the account."""
    return access.conversation_get_for_customer(
        conversation_id=conversation_id,
        user=request.user,
        session=request.session,
        token=request.headers.get(TOKEN_HEADER, ""),
        after_close=after_close,
    )


def chat_error(exc: services.ChatError) -> JsonResponse:
    status = {
        "forbidden": 403,
        "not_found": 404,
        "tickets_unavailable": 503,
        "invalid": 400,
    }.get(exc.code, 409)
    return error(exc.code, exc.message, status=status)


def ticket_summary(ticket: Any) -> dict[str, str]:
    return {"reference": ticket.reference}
