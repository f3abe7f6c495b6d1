"""The console's e-mail actions on one request, under ``/<lang>/console/email/<reference>/``:
accept or discard mail from another sender, add or remove a CC. Agents only; the request is
found through ``tickets.access`` and the incoming mail within it; every write is a service of
``email_channel.agents``. Each POST flashes its outcome and goes back to the ticket page."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import agent_required
from email_channel import agents
from email_channel.models import InboundEmail
from tickets import access
from tickets.models import Ticket


def _ticket(request: HttpRequest, reference: str) -> Ticket:
    try:
        return access.ticket_get_for(request.user, reference)
    except Ticket.DoesNotExist:
        raise Http404 from None


def _inbound(ticket: Ticket, inbound_id: int) -> InboundEmail:
    try:
        return agents.held_email_get(ticket=ticket, inbound_id=inbound_id)
    except InboundEmail.DoesNotExist:
        raise Http404 from None


def _back(ticket: Ticket, anchor: str = "") -> HttpResponse:
    return redirect(reverse("tickets_console:detail", args=[ticket.reference]) + anchor)


def _done(
    request: HttpRequest, ticket: Ticket, write: Callable[[], str], anchor: str = ""
) -> HttpResponse:
    try:
        messages.success(request, write())
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return _back(ticket, anchor)


@agent_required
@require_POST
def held_accept(request: HttpRequest, reference: str, inbound_id: int) -> HttpResponse:
    """Accept mail from another sender into the public thread (``add_cc=1``: and add the
    sender as a CC)."""
    ticket = _ticket(request, reference)
    inbound = _inbound(ticket, inbound_id)
    add_cc = request.POST.get("add_cc") == "1"

    def write() -> str:
        agents.held_email_accept(inbound=inbound, by=request.user, add_cc=add_cc)
        if add_cc:
            return _("Accepted into the thread; %(email)s is now a CC.") % {"email": inbound.sender}
        return _("Accepted into the thread.")

    return _done(request, ticket, write, f"#m{inbound.ticket_message_id}")


@agent_required
@require_POST
def held_discard(request: HttpRequest, reference: str, inbound_id: int) -> HttpResponse:
    """Discard mail from another sender (it stays an internal note)."""
    ticket = _ticket(request, reference)
    inbound = _inbound(ticket, inbound_id)

    def write() -> str:
        agents.held_email_discard(inbound=inbound, by=request.user)
        return _("Discarded: the e-mail stays an internal note.")

    return _done(request, ticket, write, f"#m{inbound.ticket_message_id}")


@agent_required
@require_POST
def participant_add(request: HttpRequest, reference: str) -> HttpResponse:
    """Add a CC: an address whose mail writes into the thread."""
    ticket = _ticket(request, reference)
    email = request.POST.get("email", "")[:254]

    def write() -> str:
        participant = agents.participant_add(ticket=ticket, email=email, by=request.user)
        return _("%(email)s added as a CC.") % {"email": participant.email}

    return _done(request, ticket, write, "#p-email")


@agent_required
@require_POST
def participant_remove(request: HttpRequest, reference: str, participant_id: int) -> HttpResponse:
    """Remove a CC: its mail is held as a note again."""
    ticket = _ticket(request, reference)

    def write() -> str:
        email = agents.participant_remove(
            ticket=ticket, participant_id=participant_id, by=request.user
        )
        return _("%(email)s removed from the CCs.") % {"email": email}

    return _done(request, ticket, write, "#p-email")
