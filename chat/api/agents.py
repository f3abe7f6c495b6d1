"""Agent endpoints under /api/chat/: accept, transfer, convert to a ticket, customer context,
state and status, the agents list and canned responses (docs/chat-protocol.md, 5)."""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_POST

from chat import access, forms, selectors, services
from chat.api.common import (
    agent_endpoint,
    bound_form,
    chat_error,
    error,
    form_error,
    ticket_summary,
)
from chat.serialize import conversation_summary


def _agent_conversation_action(
    request: HttpRequest, conversation_id: int, action: Callable[[], Any]
) -> HttpResponse:
    try:
        access.conversation_get_for_agent(conversation_id=conversation_id, user=request.user)
        result = action()
    except access.ChatAccessDenied:
        return error("not_found", status=404)
    except services.ChatError as exc:
        return chat_error(exc)
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
    form = bound_form(forms.TransferForm, request)
    if not form.is_valid():
        return form_error(form)

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
                "ticket": ticket_summary(ticket),
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
    form = bound_form(forms.StatusForm, request)
    if not form.is_valid():
        return form_error(form)
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
