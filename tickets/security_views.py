"""The customer's side of the account security desk on their request page: typing the
verification code an agent asked the wallet to send, confirming or cancelling the closure of
their wallet account, asking for a freeze."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.ratelimits import client_ip, over_limit
from tickets.services.security import ticket_ref
from tickets.views import _ticket_for, _urls
from wallet import services as security
from wallet.adapter import WalletUnavailable
from wallet.forms import CodeForm

CODE_RATE_IP = "20/h"  # code attempts per client address (each code has 5 tries of its own)
FREEZE_RATE_IP = "10/h"  # "freeze my account" requests per client address


@require_POST
def ticket_verify(
    request: HttpRequest, reference: str | None = None, token: str | None = None
) -> HttpResponse:
    """Check the code the customer typed; the outcome is a message on the page (and a notice
    in the thread)."""
    ticket = _ticket_for(request, reference, token)
    page = _urls(ticket, token)["page"]
    if over_limit([("tickets:verify:ip", client_ip(request), CODE_RATE_IP)]):
        messages.error(request, _("Too many attempts. Please try again later."))
        return redirect(page)
    form = CodeForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["code"]))
        return redirect(page)
    outcome, _tries = security.verification_check(
        ref=ticket_ref(ticket), code=form.cleaned_data["code"], address=client_ip(request)
    )
    if outcome == security.Outcome.VERIFIED:
        messages.success(request, _("Thank you, your identity is verified."))
    else:
        messages.error(request, _("The code was not accepted."))
    return redirect(page)


@require_POST
def ticket_closure(
    request: HttpRequest, step: str, reference: str | None = None, token: str | None = None
) -> HttpResponse:
    """The verified customer confirms (``confirm``) or cancels (``cancel``) the closure
    request an agent recorded on this request."""
    ticket = _ticket_for(request, reference, token)
    if step not in ("confirm", "cancel"):
        raise Http404
    ref = ticket_ref(ticket)
    try:
        if step == "confirm":
            security.closure_confirm(ref=ref, address=client_ip(request))
        else:
            security.closure_cancel(ref=ref, address=client_ip(request))
    except security.SecurityDeskError as exc:
        messages.error(request, exc.message)
    return redirect(_urls(ticket, token)["page"])


@require_POST
def ticket_freeze(
    request: HttpRequest, reference: str | None = None, token: str | None = None
) -> HttpResponse:
    """The customer asks to freeze their wallet account (after reporting unauthorised
    activity): at once when they came signed in from the wallet app, else an agent applies it."""
    ticket = _ticket_for(request, reference, token)
    page = _urls(ticket, token)["page"]
    if over_limit([("tickets:freeze:ip", client_ip(request), FREEZE_RATE_IP)]):
        messages.error(request, _("Too many attempts. Please try again later."))
        return redirect(page)
    try:
        asked = security.freeze_ask(ref=ticket_ref(ticket), address=client_ip(request))
    except security.SecurityDeskError as exc:
        messages.error(request, exc.message)
    except WalletUnavailable as exc:
        messages.error(request, str(exc.message))
    else:
        if asked == security.FreezeAsked.FROZEN:
            messages.success(request, _("Your wallet account is frozen."))
        else:
            messages.success(request, _("We asked an agent to freeze your wallet account now."))
    return redirect(page)
