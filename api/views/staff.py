"""Staff keys: search every request, read one whole (internal notes too), change its status,
priority and assignee."""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.selectors import wallet_user_ids
from api import access, services
from api.pagination import Cursor
from api.permissions import StaffKey
from api.present import staff_ticket_summary, ticket_out
from api.serializers import page_of
from api.serializers import tickets as s
from api.views.tickets import FILE_RESPONSE, PAGE, valid
from core.downloads import private_file_response
from tickets import console_selectors, selectors
from tickets.models import Ticket


def _ticket(request: Request, reference: str) -> Ticket:
    try:
        return access.ticket_get_for_staff_key(request.auth, reference)
    except Ticket.DoesNotExist:
        raise Http404 from None


def _response(ticket: Ticket) -> Response:
    thread = selectors.ticket_thread(ticket=ticket, staff=True)
    return Response(ticket_out(ticket, thread, staff=True))


class StaffTicketList(APIView):
    permission_classes = [StaffKey]

    @extend_schema(
        operation_id="staff_tickets_search",
        tags=["staff"],
        description="Without q or status: the open requests (new, open, waiting for the "
        "customer). With q: every request that matches, whatever its status.",
        parameters=[s.StaffTicketQuery, *PAGE],
        responses=page_of(s.StaffTicketSummary),
    )
    def get(self, request: Request) -> Response:
        query = valid(s.StaffTicketQuery, request.query_params)
        assignee = query.get("assignee", "")
        if assignee and assignee != "none" and not assignee.isdigit():
            raise exceptions.ValidationError({"assignee": [_("An agent's id, or none.")]})
        filters = console_selectors.QueueFilters(
            status=query.get("status", ""),
            priority=query.get("priority", ""),
            category_id=query.get("topic"),
            assignee=assignee,
            query=query.get("q", ""),
        )
        tickets = console_selectors.console_ticket_list(
            user=AnonymousUser(), tab=console_selectors.Tab.OPEN, filters=filters
        ).only(*console_selectors.LIST_FIELDS, "customer", "category__slug")
        paginator = Cursor()
        page = paginator.paginate_queryset(tickets, request, view=self)
        wallet = wallet_user_ids(t.customer_id for t in page if t.customer_id)
        return paginator.get_paginated_response([staff_ticket_summary(t, wallet) for t in page])


class StaffTicketDetail(APIView):
    permission_classes = [StaffKey]

    @extend_schema(operation_id="staff_tickets_read", tags=["staff"], responses=s.StaffTicketOut)
    def get(self, request: Request, reference: str) -> Response:
        return _response(_ticket(request, reference))

    @extend_schema(
        operation_id="staff_tickets_update",
        tags=["staff"],
        request=s.StaffTicketUpdate,
        responses=s.StaffTicketOut,
    )
    def patch(self, request: Request, reference: str) -> Response:
        ticket = _ticket(request, reference)
        data = valid(s.StaffTicketUpdate, request.data)
        changes = {k: data[k] for k in ("status", "priority") if k in data}
        if "assignee" in data:
            changes["assignee_id"] = data["assignee"]
        services.ticket_update_by_key(ticket=ticket, **changes)
        return _response(_ticket(request, reference))


class StaffTicketAttachment(APIView):
    permission_classes = [StaffKey]

    @extend_schema(
        operation_id="staff_tickets_attachment", tags=["staff"], responses={200: FILE_RESPONSE}
    )
    def get(self, request: Request, reference: str, attachment_id: int) -> HttpResponse:
        ticket = _ticket(request, reference)
        try:
            attachment = access.attachment_get_for_staff_key(request.auth, ticket, attachment_id)
        except ObjectDoesNotExist:
            raise Http404 from None
        return private_file_response(attachment)
