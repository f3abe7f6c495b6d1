"""The chat's JSON endpoints under /api/chat/ (docs/chat-protocol.md, section 5), with the
multipart upload of a message with files and the files' download (section 5.1).

Customers authenticate with the ``X-Chat-Token`` header (no CSRF token needed: nothing ambient)
or with the session plus the CSRF header. Calls from another company site that admins allow
(``WidgetOrigin``) get CORS headers and must use the token. Agents use the session and CSRF.
"""

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils import translation
from django.utils.translation import get_language
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from accounts.roles import is_agent
from chat import access, forms, selectors, services
from chat.routing import normalize_origin, widget_origin_allowed
from chat.serialize import conversation_summary, message_frame

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


def _body(request: HttpRequest) -> dict[str, Any]:
    if not request.body:
        return {}
    try:
        data = json.loads(request.body)
    except ValueError:
        return {"__invalid__": True}
    return data if isinstance(data, dict) else {"__invalid__": True}


def _form(form_class: type, request: HttpRequest) -> Any:
    data = _body(request)
    form = form_class(data)
    form.is_valid()
    if "__invalid__" in data:
        form.add_error(None, "The body must be a JSON object.")
    return form


def _form_error(form: Any) -> JsonResponse:
    return error("invalid", "Some fields are invalid.", fields=form.errors.get_json_data())


def _widget_origin(request: HttpRequest) -> str:
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
        widget_origin = _widget_origin(request)
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
        elif request.method != "GET" and not (
            request.headers.get(TOKEN_HEADER) or request.headers.get(CLIENT_HEADER) or widget_origin
        ):
            rejected = CsrfViewMiddleware(lambda r: HttpResponse()).process_view(
                request, None, (), {}
            )
            response = rejected or view(request, *args, **kwargs)
        else:
            response = view(request, *args, **kwargs)
        if widget_origin:
            response["Access-Control-Allow-Origin"] = widget_origin
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


def _customer_conversation(request: HttpRequest, conversation_id: int) -> Any:
    return access.conversation_get_for_customer(
        conversation_id=conversation_id,
        user=request.user,
        session=request.session,
        token=request.headers.get(TOKEN_HEADER, ""),
    )


def _chat_error(exc: services.ChatError) -> JsonResponse:
    status = {
        "forbidden": 403,
        "not_found": 404,
        "tickets_unavailable": 503,
        "invalid": 400,
    }.get(exc.code, 409)
    return error(exc.code, exc.message, status=status)


def _ticket(ticket: Any) -> dict[str, str]:
    return {"reference": ticket.reference}


# --- public / customer ----------------------------------------------------------------------------
@require_http_methods(["GET", "OPTIONS"])
@customer_endpoint
def availability(request: HttpRequest) -> HttpResponse:
    return JsonResponse(selectors.availability())


@require_http_methods(["GET", "OPTIONS"])
@customer_endpoint
def topics(request: HttpRequest) -> HttpResponse:
    from helpcenter.i18n import localized
    from tickets.models import Category

    rows = Category.objects.filter(is_active=True).order_by("position", "id")
    return JsonResponse(
        {"topics": [{"id": c.pk, "slug": c.slug, "name": localized(c, "name")} for c in rows]}
    )


@require_http_methods(["POST", "OPTIONS"])
@customer_endpoint
@ratelimit(key="ip", rate="10/m", method="POST", block=True)
def conversation_start(request: HttpRequest) -> HttpResponse:
    form = _form(forms.StartConversationForm, request)
    if not form.is_valid():
        return _form_error(form)
    data = form.cleaned_data
    try:
        conversation = services.conversation_start(
            name=data["name"],
            email=data["email"],
            topic=data["topic"],
            message=data["message"].strip(),
            client_id=data["client_id"],
            page_url=data["page_url"] or request.headers.get("Referer", ""),
            language=data["language"] or get_language() or "zh-hans",
            customer=request.user,
        )
    except services.ChatError as exc:
        return _chat_error(exc)
    access.session_remember(request.session, conversation.pk)
    token = access.conversation_token(conversation.pk)
    return JsonResponse(
        {
            "conversation": conversation_summary(conversation, for_agent=False),
            "token": token,
            "ws_url": f"/ws/chat/{conversation.pk}/?token={token}",
        },
        status=201,
    )


@require_http_methods(["GET", "OPTIONS"])
@customer_endpoint
def conversation_detail(request: HttpRequest, conversation_id: int) -> HttpResponse:
    try:
        if is_agent(request.user):
            conversation = access.conversation_get_for_agent(
                conversation_id=conversation_id, user=request.user
            )
        else:
            conversation = _customer_conversation(request, conversation_id)
    except access.ChatAccessDenied:
        return error("not_found", status=404)
    messages = selectors.conversation_messages(conversation_id=conversation.pk)
    return JsonResponse(
        {
            "conversation": conversation_summary(conversation, for_agent=is_agent(request.user)),
            "messages": [message_frame(m) for m in messages],
        }
    )


@require_http_methods(["POST", "OPTIONS"])
@customer_endpoint
def conversation_close(request: HttpRequest, conversation_id: int) -> HttpResponse:
    try:
        if is_agent(request.user) and not request.headers.get(TOKEN_HEADER):
            conversation = access.conversation_get_for_agent(
                conversation_id=conversation_id, user=request.user
            )
            conversation = services.conversation_close(
                conversation_id=conversation.pk, by_customer=False, user=request.user
            )
        else:
            conversation = _customer_conversation(request, conversation_id)
            conversation = services.conversation_close(
                conversation_id=conversation.pk, by_customer=True
            )
    except access.ChatAccessDenied:
        return error("not_found", status=404)
    except services.ChatError as exc:
        return _chat_error(exc)
    summary = conversation_summary(conversation, for_agent=is_agent(request.user))
    return JsonResponse({"conversation": summary})


@require_http_methods(["POST", "OPTIONS"])
@customer_endpoint
def conversation_rating(request: HttpRequest, conversation_id: int) -> HttpResponse:
    try:
        conversation = _customer_conversation(request, conversation_id)
    except access.ChatAccessDenied:
        return error("not_found", status=404)
    form = _form(forms.RatingForm, request)
    if not form.is_valid():
        return _form_error(form)
    conversation = services.conversation_rate(
        conversation_id=conversation.pk,
        score=form.cleaned_data["score"],
        comment=form.cleaned_data["comment"],
    )
    return JsonResponse({"conversation": conversation_summary(conversation, for_agent=False)})


@require_http_methods(["POST", "OPTIONS"])
@customer_endpoint
@ratelimit(key="ip", rate="5/m", method="POST", block=True)
def conversation_transcript(request: HttpRequest, conversation_id: int) -> HttpResponse:
    try:
        conversation = _customer_conversation(request, conversation_id)
    except access.ChatAccessDenied:
        return error("not_found", status=404)
    form = _form(forms.TranscriptForm, request)
    if not form.is_valid():
        return _form_error(form)
    email = form.cleaned_data["email"] or conversation.customer_email
    if not email:
        return error("invalid", fields={"email": [{"message": "Enter an e-mail address."}]})
    services.transcript_request(conversation_id=conversation.pk, email=email)
    return JsonResponse({"queued": True}, status=202)


@require_http_methods(["POST", "OPTIONS"])
@customer_endpoint
@ratelimit(key="ip", rate="5/m", method="POST", block=True)
def leave_message(request: HttpRequest) -> HttpResponse:
    form = _form(forms.LeaveMessageForm, request)
    if not form.is_valid():
        return _form_error(form)
    conversation = None
    conversation_id = _body(request).get("conversation")
    if isinstance(conversation_id, int):
        try:
            conversation = _customer_conversation(request, conversation_id)
        except access.ChatAccessDenied:
            return error("not_found", status=404)
    data = form.cleaned_data
    try:
        ticket = services.leave_message(
            name=data["name"],
            email=data["email"],
            topic=data["topic"] or (conversation.topic if conversation else None),
            message=data["message"],
            language=data["language"] or get_language() or "zh-hans",
            transaction_number=data["transaction_number"],
            conversation=conversation,
            customer=request.user,
        )
    except services.ChatError as exc:
        return _chat_error(exc)
    return JsonResponse({"ticket": _ticket(ticket)}, status=201)


def _upload_rate(group: str, request: HttpRequest) -> str:
    return getattr(settings, "CHAT_UPLOAD_RATE", "20/m")


@require_http_methods(["POST", "OPTIONS"])
@customer_endpoint
@ratelimit(key="user_or_ip", rate=_upload_rate, method="POST", block=True)
def message_files(request: HttpRequest, conversation_id: int) -> HttpResponse:
    """A message with files (multipart/form-data), from the customer or the assigned agent;
    stored and broadcast like a text message. Refused files are named in translated errors."""
    # An agent acts with the session; a call with the customer token is the customer's.
    as_agent = is_agent(request.user) and not request.headers.get(TOKEN_HEADER)
    try:
        if as_agent:
            conversation = access.conversation_get_for_agent(
                conversation_id=conversation_id, user=request.user
            )
        else:
            conversation = _customer_conversation(request, conversation_id)
    except access.ChatAccessDenied:
        return error("not_found", status=404)
    language = request.POST.get("language", "")
    if language not in ("en", "zh-hans"):
        language = (get_language() or "zh-hans") if as_agent else conversation.language
    with translation.override(language):
        form = forms.MessageFilesForm(request.POST, request.FILES)
        if not form.is_valid():
            return _form_error(form)
    data = form.cleaned_data
    try:
        result = services.message_send_files(
            conversation_id=conversation.pk,
            sender_kind="agent" if as_agent else "customer",
            client_id=data["client_id"],
            body=data["body"],
            uploads=data["files"],
            user=request.user if as_agent else None,
        )
    except services.ChatError as exc:
        return _chat_error(exc)
    return JsonResponse(
        {"message": message_frame(result.message), "duplicate": result.duplicate},
        status=200 if result.duplicate else 201,
    )


@require_GET
def attachment_download(
    request: HttpRequest, conversation_id: int, attachment_id: int
) -> FileResponse:
    """A chat file, for the conversation's customer (``?token=``, since an ``<img>`` cannot
    send a header; or the session or account) and agents; 404 for everyone else. Images are
    shown inline, PDFs download; the browser must not guess the type or run anything in it."""
    try:
        conversation = access.conversation_get_for_customer(
            conversation_id=conversation_id,
            user=request.user,
            session=request.session,
            token=request.GET.get("token", ""),
        )
    except access.ChatAccessDenied:
        try:
            conversation = access.conversation_get_for_agent(
                conversation_id=conversation_id, user=request.user
            )
        except access.ChatAccessDenied:
            raise Http404 from None
    try:
        attachment = access.attachment_get_for(conversation, attachment_id)
    except access.ChatAccessDenied:
        raise Http404 from None
    inline = attachment.content_type.startswith("image/")
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=not inline,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "private, no-store"
    return response


# --- agents ---------------------------------------------------------------------------------------
def _agent_conversation_action(
    request: HttpRequest, conversation_id: int, action: Callable[[], Any]
) -> HttpResponse:
    try:
        access.conversation_get_for_agent(conversation_id=conversation_id, user=request.user)
        result = action()
    except access.ChatAccessDenied:
        return error("not_found", status=404)
    except services.ChatError as exc:
        return _chat_error(exc)
    return result


@require_POST
@agent_endpoint
def conversation_accept(request: HttpRequest, conversation_id: int) -> HttpResponse:
    def accept() -> HttpResponse:
        conversation = services.conversation_accept(
            conversation_id=conversation_id, user=request.user
        )
        return JsonResponse({"conversation": conversation_summary(conversation, for_agent=True)})

    return _agent_conversation_action(request, conversation_id, accept)


@require_POST
@agent_endpoint
def conversation_transfer(request: HttpRequest, conversation_id: int) -> HttpResponse:
    form = _form(forms.TransferForm, request)
    if not form.is_valid():
        return _form_error(form)

    def transfer() -> HttpResponse:
        conversation = services.conversation_transfer(
            conversation_id=conversation_id,
            by=request.user,
            to_agent_id=form.cleaned_data["to_agent"],
            note=form.cleaned_data["note"],
        )
        return JsonResponse({"conversation": conversation_summary(conversation, for_agent=True)})

    return _agent_conversation_action(request, conversation_id, transfer)


@require_POST
@agent_endpoint
def conversation_convert(request: HttpRequest, conversation_id: int) -> HttpResponse:
    def convert() -> HttpResponse:
        ticket = services.conversation_convert(conversation_id=conversation_id, user=request.user)
        conversation = access.conversation_get_for_agent(
            conversation_id=conversation_id, user=request.user
        )
        return JsonResponse(
            {
                "ticket": _ticket(ticket),
                "conversation": conversation_summary(conversation, for_agent=True),
            },
            status=201,
        )

    return _agent_conversation_action(request, conversation_id, convert)


@require_GET
@agent_endpoint
def conversation_context(request: HttpRequest, conversation_id: int) -> HttpResponse:
    try:
        conversation = access.conversation_get_for_agent(
            conversation_id=conversation_id, user=request.user
        )
    except access.ChatAccessDenied:
        return error("not_found", status=404)
    return JsonResponse(selectors.customer_context(conversation))


@require_GET
@agent_endpoint
def agent_state(request: HttpRequest) -> HttpResponse:
    return JsonResponse(selectors.agent_state(request.user))


@require_POST
@agent_endpoint
def agent_status(request: HttpRequest) -> HttpResponse:
    form = _form(forms.StatusForm, request)
    if not form.is_valid():
        return _form_error(form)
    services.agent_set_status(user=request.user, status=form.cleaned_data["status"])
    return JsonResponse({"agent": selectors.agent_summary(request.user)})


@require_GET
@agent_endpoint
def agents(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"agents": selectors.agents_for_transfer()})


@require_GET
@agent_endpoint
def canned(request: HttpRequest) -> HttpResponse:
    language = request.GET.get("language") or get_language() or "zh-hans"
    rows = selectors.canned_list(query=request.GET.get("q", "")[:100], language=language)
    return JsonResponse({"canned": rows})
