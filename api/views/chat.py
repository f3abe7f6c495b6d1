"""Live chat for a known customer: start a conversation (its socket and token come back, as
the widget gets them from /api/chat/), list the customer's chats, read one with its messages."""

from typing import Any

from django.http import Http404
from django.utils.translation import get_language
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.idempotency import idempotent
from api.permissions import Customer
from api.problems import Problem
from api.serializers import chat as s
from api.views.tickets import IDEMPOTENCY, valid
from chat import access, selectors, services
from chat.serialize import conversation_summary, message_frame
from core import topics
from core.ratelimits import attempt_wait

START_RATE = "10/m"  # per customer, like the widget's per-IP limit
# chat.api.common.chat_error's statuses; anything else is a conflict with the chat's state.
CHAT_ERROR_STATUS = {"forbidden": 403, "not_found": 404, "tickets_unavailable": 503}


def _socket_url(request: Request, conversation_id: int) -> str:
    scheme = "wss" if request.is_secure() else "ws"
    return f"{scheme}://{request.get_host()}/ws/chat/{conversation_id}/"


def _conversation(request: Request, conversation_id: int) -> Any:
    try:
        return access.conversation_get_for_customer(
            conversation_id=conversation_id, user=request.user, after_close=True
        )
    except access.ChatAccessDenied:
        raise Http404 from None


class Conversations(APIView):
    permission_classes = [Customer]

    @extend_schema(operation_id="chat_list", tags=["chat"], responses=s.ConversationList)
    def get(self, request: Request) -> Response:
        rows = selectors.conversation_list_for_customer(user=request.user)
        return Response({"conversations": [conversation_summary(c, for_agent=False) for c in rows]})

    @extend_schema(
        operation_id="chat_start",
        tags=["chat"],
        parameters=[IDEMPOTENCY],
        request=s.ConversationStartIn,
        responses={201: s.ConversationStarted},
    )
    @idempotent
    def post(self, request: Request) -> Response:
        data = valid(s.ConversationStartIn, request.data)
        topic = None
        if data["topic"] is not None:
            topic = topics.active_by_pk(data["topic"])
            if topic is None:
                raise exceptions.ValidationError({"topic": [str(s.UNKNOWN_TOPIC)]})
        user = request.user
        wait = attempt_wait([("chat:start:customer", str(user.pk), START_RATE)])
        if wait:
            raise exceptions.Throttled(wait=wait)
        try:
            conversation = services.conversation_start(
                name=user.get_full_name() or user.get_username(),
                email=user.email,
                topic=topic,
                message=data["message"],
                client_id=data.get("client_id", ""),
                language=data.get("language") or get_language() or "zh-hans",
                customer=user,
            )
        except services.NoAgentAvailable:
            raise Problem("no_agent_available", str(s.NO_AGENT), status.HTTP_409_CONFLICT) from None
        except services.ChatError as exc:
            raise Problem(
                "conflict", exc.message, CHAT_ERROR_STATUS.get(exc.code, status.HTTP_409_CONFLICT)
            ) from None
        return Response(
            {
                "conversation": conversation_summary(conversation, for_agent=False),
                "token": access.conversation_token(conversation),
                "ws_url": _socket_url(request, conversation.pk),
            },
            status=status.HTTP_201_CREATED,
        )


class Conversation(APIView):
    permission_classes = [Customer]

    @extend_schema(operation_id="chat_read", tags=["chat"], responses=s.ConversationHistory)
    def get(self, request: Request, conversation_id: int) -> Response:
        conversation = _conversation(request, conversation_id)
        messages = selectors.conversation_messages(conversation_id=conversation.pk)
        return Response(
            {
                "conversation": conversation_summary(conversation, for_agent=False),
                "messages": [message_frame(m) for m in messages],
            }
        )
