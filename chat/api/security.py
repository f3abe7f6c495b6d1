"""The customer's side of the account security desk in the chat: "Freeze my wallet account"
(docs/chat-protocol.md, 5; docs/security-desk.md). The outcome reaches the conversation as a
system line; the answer only says which it was."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_http_methods

from chat import access
from chat.api.common import customer_conversation, customer_endpoint, error
from chat.services.security import conversation_ref
from core.ratelimits import client_ip, rate_limited
from wallet import services as security
from wallet.adapter import WalletUnavailable


@require_http_methods(["POST", "OPTIONS"])
@customer_endpoint
@rate_limited("chat:freeze", "10/h")
def conversation_freeze(request: HttpRequest, conversation_id: int) -> HttpResponse:
    """``{"freeze": "frozen"}`` (signed in from the wallet app: frozen now) or
    ``{"freeze": "requested"}`` (an agent applies it); 409 ``refused`` with the reason."""
    try:
        conversation = customer_conversation(request, conversation_id)
    except access.ChatAccessDenied:
        return error("not_found", status=404)
    try:
        asked = security.freeze_ask(ref=conversation_ref(conversation), address=client_ip(request))
    except security.SecurityDeskError as exc:
        return error("refused", exc.message, status=409)
    except WalletUnavailable as exc:
        return error("wallet_unavailable", str(exc.message), status=503)
    return JsonResponse({"freeze": str(asked)})
