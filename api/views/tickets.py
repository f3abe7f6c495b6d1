"""A customer's own requests: open one (with attachments), list, read, reply, mark solved,
rate. The same services, access checks and rate-limit counters as the web pages."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.create_shortcut import answered_by_shortcut
from api.idempotency import answered_with_the_work, idempotent, rows_with_the_work
from api.pagination import Cursor
from api.permissions import Customer
from api.present import message_out, ticket_out, ticket_summary
from api.serializers import page_of
from api.serializers import tickets as s
from api.throttling import attempt_wait_with, credential_limits_counted
from core import topics
from core.downloads import private_file_response
from tickets import access, selectors, services
from tickets.models import Ticket

IDEMPOTENCY = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    description="Any unique string (a UUID): a retry with the same key and body is answered "
    "with the first response instead of being done twice.",
)
PAGE = [
    OpenApiParameter("cursor", str, description="From the previous page's next link."),
    OpenApiParameter("limit", int, description="Rows per page, 1-100."),
]
FILE_RESPONSE = OpenApiResponse(OpenApiTypes.BINARY, description="The file.")
BODY = {"application/json": None, "multipart/form-data": None}


def _bodies(serializer: type) -> dict[str, Any]:
    return dict.fromkeys(BODY, serializer)


def valid(serializer_class: type, data: Any) -> dict[str, Any]:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def customer_limit(request: Request, action: str, email: str) -> None:
    """The request form's per-e-mail limit of ``action`` (create, reply), the same counter:
    the web and the app together (with the credential's limits when the view left them
    pending, ``api.throttling``: one round trip)."""
    rate = getattr(settings, f"TICKETS_RATE_{action.upper()}_EMAIL")
    wait = attempt_wait_with(request, [(f"tickets:{action}:email", email.strip().lower(), rate)])
    if wait:
        raise exceptions.Throttled(wait=wait)


def ticket_for(request: Request, reference: str) -> Ticket:
    try:
        return access.ticket_get_for(request.user, reference)
    except Ticket.DoesNotExist:
        raise Http404 from None


def ticket_response(ticket: Ticket, *, new: bool = False) -> Response:
    if new:
        thread = selectors.ticket_thread_new(ticket=ticket)
    else:
        thread = selectors.ticket_thread(ticket=ticket, staff=False)
    return Response(
        ticket_out(ticket, thread, staff=False, new=new),
        status=status.HTTP_201_CREATED if new else status.HTTP_200_OK,
    )


class TicketList(APIView):
    permission_classes = [Customer]
    # Opening a request counts the credential's limits with the per-e-mail one (one round
    # trip, api.throttling).
    limits_counted_in_view = frozenset({"POST"})

    @extend_schema(
        operation_id="tickets_list",
        tags=["tickets"],
        parameters=[s.CustomerTicketQuery, *PAGE],
        responses=page_of(s.TicketSummary),
    )
    def get(self, request: Request) -> Response:
        query = valid(s.CustomerTicketQuery, request.query_params)
        tickets = selectors.ticket_list_for_customer(user=request.user)
        if query.get("status"):
            tickets = tickets.filter(status=query["status"])
        paginator = Cursor()
        page = paginator.paginate_queryset(tickets, request, view=self)
        return paginator.get_paginated_response([ticket_summary(t) for t in page])

    @extend_schema(
        operation_id="tickets_create",
        tags=["tickets"],
        parameters=[IDEMPOTENCY],
        request=_bodies(s.TicketCreateIn),
        responses={201: s.TicketOut},
    )
    # Done before Django by api.create_shortcut, which hands Django the outcome to answer with.
    @answered_by_shortcut
    @credential_limits_counted
    @idempotent(written_with_the_work=True)
    def post(self, request: Request) -> Response:
        data = s.ticket_create_valid(request.data)
        topic = topics.active_by_pk(data["topic"])
        if topic is None:
            raise exceptions.ValidationError({"topic": [_("Choose one of the topics.")]})
        user = request.user
        customer_limit(request, "create", user.email)
        ticket = services.ticket_create(
            category=topic,
            subject=data["subject"],
            description=data["description"],
            email=user.email,
            name=user.get_full_name() or user.get_username(),
            language=get_language(),
            customer=user,
            transaction_number=data.get("transaction_number", ""),
            error_message=data["error_message"],
            uploads=data["attachments"],
            details=data["details"],
            source=Ticket.Source.API,
            # The answer is stored with the key's record in the same write (api.idempotency).
            rows_with=lambda new: rows_with_the_work(
                request, answer=lambda: ticket_response(new, new=True)
            ),
        )
        answered = answered_with_the_work(request)
        if answered is not None and answered.data["status"] == ticket.status:
            return answered
        # Auto-assigned after it was written (tickets.services.routing): answered as it is now.
        return ticket_response(ticket, new=True)


class TicketDetail(APIView):
    permission_classes = [Customer]

    @extend_schema(operation_id="tickets_read", tags=["tickets"], responses=s.TicketOut)
    def get(self, request: Request, reference: str) -> Response:
        return ticket_response(ticket_for(request, reference))


class TicketReplies(APIView):
    permission_classes = [Customer]

    @extend_schema(
        operation_id="tickets_reply",
        tags=["tickets"],
        parameters=[IDEMPOTENCY],
        request=_bodies(s.ReplyIn),
        responses={201: s.MessageOut},
    )
    @idempotent
    def post(self, request: Request, reference: str) -> Response:
        ticket = ticket_for(request, reference)
        data = valid(s.ReplyIn, request.data)
        customer_limit(request, "reply", ticket.customer_email)
        message = services.ticket_reply(
            ticket=ticket, author=request.user, body=data["body"], uploads=data["attachments"]
        )
        thread = selectors.ticket_thread(ticket=ticket, staff=False)
        stored = next(m for m in thread if m.pk == message.pk)
        return Response(message_out(stored, ticket, staff=False), status=status.HTTP_201_CREATED)


class TicketSolve(APIView):
    permission_classes = [Customer]

    @extend_schema(
        operation_id="tickets_solve",
        tags=["tickets"],
        parameters=[IDEMPOTENCY],
        request=None,
        responses=s.TicketOut,
    )
    @idempotent
    def post(self, request: Request, reference: str) -> Response:
        ticket = ticket_for(request, reference)
        ticket = services.ticket_set_status(
            ticket=ticket, status=Ticket.Status.SOLVED, by=request.user
        )
        return ticket_response(access.ticket_get_for(request.user, ticket.reference))


class TicketRating(APIView):
    permission_classes = [Customer]

    @extend_schema(
        operation_id="tickets_rate",
        tags=["tickets"],
        parameters=[IDEMPOTENCY],
        request=s.RatingIn,
        responses=s.RatingOut,
    )
    @idempotent
    def post(self, request: Request, reference: str) -> Response:
        ticket = ticket_for(request, reference)
        data = valid(s.RatingIn, request.data)
        rating = services.ticket_rate(ticket=ticket, score=data["score"], comment=data["comment"])
        return Response({"score": rating.score, "comment": rating.comment})


class TicketAttachment(APIView):
    permission_classes = [Customer]

    @extend_schema(
        operation_id="tickets_attachment", tags=["tickets"], responses={200: FILE_RESPONSE}
    )
    def get(self, request: Request, reference: str, attachment_id: int) -> HttpResponse:
        ticket = ticket_for(request, reference)
        try:
            attachment = access.attachment_get_for(ticket, attachment_id, staff=False)
        except ObjectDoesNotExist:
            raise Http404 from None
        return private_file_response(attachment)
