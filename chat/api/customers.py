"""Customer endpoints under /api/chat/: availability, topics, starting, reading, closing and
rating a conversation, the transcript and leaving a message (docs/chat-protocol.md, 5)."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods

from accounts.roles import is_agent
from chat import access, forms, selectors, services, signals
from chat.api.common import (
    TOKEN_HEADER,
    bound_form,
    chat_error,
    customer_conversation,
    customer_endpoint,
    error,
    form_error,
    json_body,
    ticket_summary,
)
from chat.serialize import conversation_summary, message_frame
from core.ratelimits import rate_limited


@require_http_methods(["GET", "OPTIONS"])
@customer_endpoint
def availability(request: HttpRequest) -> HttpResponse:
    return JsonResponse(selectors.availability())


@require_http_methods(["GET", "OPTIONS"])
@customer_endpoint
def topics(request: HttpRequest) -> HttpResponse:
    from core.i18n import localized
    from core.models import Topic

    rows = Topic.objects.filter(is_active=True).order_by("position", "id")
    return JsonResponse(
        {"topics": [{"id": c.pk, "slug": c.slug, "name": localized(c, "name")} for c in rows]}
    )


@require_http_methods(["POST", "OPTIONS"])
@customer_endpoint
@rate_limited("chat:start", "10/m")
def conversation_start(request: HttpRequest) -> HttpResponse:
    form = bound_form(forms.StartConversationForm, request)
    if not form.is_valid():
        return form_error(form)
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
        return chat_error(exc)
    access.session_remember(request.session, conversation.pk)
    signals.conversation_started.send(sender=None, request=request, conversation=conversation)
    return JsonResponse(
        {
            "conversation": conversation_summary(conversation, for_agent=False),
            "token": access.conversation_token(conversation),
            # The token goes in the socket's first frame (auth), never in this URL.
            "ws_url": f"/ws/chat/{conversation.pk}/",
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
            conversation = customer_conversation(request, conversation_id)
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
            conversation = customer_conversation(request, conversation_id)
            conversation = services.conversation_close(
                conversation_id=conversation.pk, by_customer=True
            )
    except access.ChatAccessDenied:
        return error("not_found", status=404)
    except services.ChatError as exc:
        return chat_error(exc)
    summary = conversation_summary(conversation, for_agent=is_agent(request.user))
    return JsonResponse({"conversation": summary})


@require_http_methods(["POST", "OPTIONS"])
@customer_endpoint
@rate_limited("chat:token", "10/m")
def conversation_token_rotate(request: HttpRequest, conversation_id: int) -> HttpResponse:
    """A new token for the customer; the one they had is refused from now on."""
    try:
        conversation = customer_conversation(request, conversation_id)
        conversation = services.conversation_token_rotate(conversation_id=conversation.pk)
    except access.ChatAccessDenied:
        return error("not_found", status=404)
    except services.ChatError as exc:
        return chat_error(exc)
    return JsonResponse({"token": access.conversation_token(conversation)})


@require_http_methods(["POST", "OPTIONS"])
@customer_endpoint
def conversation_rating(request: HttpRequest, conversation_id: int) -> HttpResponse:
    try:
        conversation = customer_conversation(request, conversation_id, after_close=True)
    except access.ChatAccessDenied:
        return error("not_found", status=404)
    form = bound_form(forms.RatingForm, request)
    if not form.is_valid():
        return form_error(form)
    conversation = services.conversation_rate(
        conversation_id=conversation.pk,
        score=form.cleaned_data["score"],
        comment=form.cleaned_data["comment"],
    )
    return JsonResponse({"conversation": conversation_summary(conversation, for_agent=False)})


@require_http_methods(["POST", "OPTIONS"])
@customer_endpoint
@rate_limited("chat:transcript", "5/m")
def conversation_transcript(request: HttpRequest, conversation_id: int) -> HttpResponse:
    try:
        conversation = customer_conversation(request, conversation_id, after_close=True)
    except access.ChatAccessDenied:
        return error("not_found", status=404)
    form = bound_form(forms.TranscriptForm, request)
    if not form.is_valid():
        return form_error(form)
    email = form.cleaned_data["email"] or conversation.customer_email
    if not email:
        return error("invalid", fields={"email": [{"message": "Enter an e-mail address."}]})
    services.transcript_request(conversation_id=conversation.pk, email=email)
    return JsonResponse({"queued": True}, status=202)


@require_http_methods(["POST", "OPTIONS"])
@customer_endpoint
@rate_limited("chat:leave_message", "5/m")
def leave_message(request: HttpRequest) -> HttpResponse:
    form = bound_form(forms.LeaveMessageForm, request)
    if not form.is_valid():
        return form_error(form)
    conversation = None
    conversation_id = json_body(request).get("conversation")
    if isinstance(conversation_id, int):
        try:
            conversation = customer_conversation(request, conversation_id)
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
        return chat_error(exc)
    signals.message_left.send(sender=None, request=request, ticket=ticket)
    return JsonResponse({"ticket": ticket_summary(ticket)}, status=201)
