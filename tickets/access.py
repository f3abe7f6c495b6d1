"""Who may see which request. Every view finds tickets and attachments through these
functions, which fetch *and* check: a missing ticket and someone else's ticket look the same
(``Ticket.DoesNotExist``), so ids, references and tokens cannot be probed.

- Staff with a console role (``accounts.roles.is_agent``) reach every ticket.
- A logged-in customer reaches the tickets linked to their account.
- Anyone holding the secret portal link reaches that one ticket, until it is rotated.
"""

from typing import Any

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation
from django.utils.crypto import constant_time_compare

from accounts.roles import is_agent
from tickets.models import Attachment, Ticket

_SIGNER = signing.Signer(salt="tickets.portal-link", algorithm="sha256")


def portal_token(ticket: Ticket) -> str:
    """The secret, signed token of the ticket's portal link (changes when rotated)."""
    return _SIGNER.sign(f"{ticket.pk}.{ticket.portal_key}")


def portal_url(ticket: Ticket, *, language: str | None = None, absolute: bool = True) -> str:
    """The secret link to the ticket's page, in the ticket's (or the given) language."""
    with translation.override(language or ticket.language):
        path = reverse("tickets:portal", kwargs={"token": portal_token(ticket)})
    return f"{settings.SITE_URL.rstrip('/')}{path}" if absolute else path


def ticket_get_by_token(token: str) -> Ticket:
    """The ticket the portal token opens; DoesNotExist for a forged or rotated token."""
    try:
        value = _SIGNER.unsign(token)
        pk, key = value.split(".", 1)
        ticket = Ticket.objects.select_related("category").get(pk=int(pk))
    except (signing.BadSignature, ValueError, Ticket.DoesNotExist):
        raise Ticket.DoesNotExist from None
    if not constant_time_compare(ticket.portal_key, key):
        raise Ticket.DoesNotExist
    return ticket


def can_see_ticket(user: Any, ticket: Ticket) -> bool:
    """Staff see every ticket; a customer sees the tickets of their account."""
    if is_agent(user):
        return True
    return bool(getattr(user, "is_authenticated", False)) and ticket.customer_id == user.pk


def ticket_get_for(user: Any, reference: str) -> Ticket:
    """The ticket with ``reference`` if ``user`` may see it, else DoesNotExist. Its rating
    (one row at most) is read with it: every page of a ticket shows it."""
    ticket = Ticket.objects.select_related("category", "assignee", "rating").get(
        reference=reference
    )
    if not can_see_ticket(user, ticket):
        raise Ticket.DoesNotExist
    return ticket


def attachment_get_for(ticket: Ticket, attachment_id: int, *, staff: bool) -> Attachment:
    """An attachment of ``ticket`` (already access-checked); customers never get the files
    of internal notes. Attachment.DoesNotExist otherwise, including another ticket's attachment."""
    queryset = Attachment.objects.filter(message__ticket=ticket)
    if not staff:
        queryset = queryset.filter(message__internal=False)
    return queryset.get(pk=attachment_id)
