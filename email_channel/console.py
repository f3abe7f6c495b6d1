"""The e-mail channel's parts of the console's ticket page, given through
``tickets.signals.console_ticket_parts`` (tickets does not import this app): a "bouncing" line
under the customer, the CCs panel with the possibly related requests, and the accept/discard
buttons under each note holding mail from another sender."""

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string

from core.csrf import csrf_token
from email_channel.agents import ticket_email_side
from tickets.console_selectors import can_merge
from tickets.models import Ticket, TicketMessage


def _related(
    request: HttpRequest, ticket: Ticket, other: Ticket, *, writable: bool
) -> dict[str, Any]:
    # Only the same customer's requests merge (tickets.services.ticket_merge): a stranger who
    # quoted a reference gets no merge button.
    same_customer = other.customer_email.lower() == ticket.customer_email.lower()
    return {
        "ticket": other,
        "same_customer": same_customer,
        "mergeable": writable and same_customer and can_merge(request.user, ticket, other),
    }


def ticket_page_parts(
    *, request: HttpRequest, ticket: Ticket, thread: list[TicketMessage], **kwargs: Any
) -> dict[str, Any]:
    """Receiver of ``console_ticket_parts``: the HTML this app adds to the ticket page."""
    side = ticket_email_side(
        ticket=ticket, message_ids=[m.pk for m in thread if m.internal and m.author_id is None]
    )
    writable = ticket.status != Ticket.Status.CLOSED and not ticket.merged_into_id
    # The parts read no request, user, messages or language links: rendered without the
    # context processors (as the inbox's pane is), given the CSRF token their forms need.
    context = {
        "ticket": ticket,
        "side": side,
        "writable": writable,
        "related": [_related(request, ticket, other, writable=writable) for other in side.related],
        "csrf_token": csrf_token(request),
    }
    parts: dict[str, Any] = {
        "panel": render_to_string("email_channel/console/_panel.html", context)
    }
    if side.bouncing is not None:
        parts["customer"] = render_to_string("email_channel/console/_bouncing.html", context)
    if writable:
        parts["messages"] = {
            message_id: render_to_string(
                "email_channel/console/_held.html",
                {**context, "inbound": inbound},
            )
            for message_id, inbound in side.held.items()
        }
    return parts
