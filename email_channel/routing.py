"""Threading rules: which request an incoming mail belongs to, if any.

1. A signed reply address (``support+t123-…@``) among the recipients names the request.
2. Else a Message-ID we sent, in In-Reply-To or References (signed too).
3. A reference in the subject alone never writes into a request (anyone can type one): the
   mail opens a new request, linked to that one as "possibly related".
Whichever way a mail reaches a request, only its participants (the customer's address and the
CCs an agent added) write into the thread; anyone else's mail is held as a note.
"""

import re

from django.db.models import Q

from email_channel.models import InboundEmail, TicketParticipant
from email_channel.parsing import ParsedEmail
from tickets import mail_ids
from tickets.models import Ticket

Route = InboundEmail.Route

_REFERENCE = re.compile(r"\bHC-\d{4}-\d{6,}\b", re.IGNORECASE)
_MAX_MERGE_HOPS = 5


def _followed(ticket: Ticket | None) -> Ticket | None:
    """A merged request's thread lives on in the request it was merged into."""
    hops = 0
    while ticket is not None and ticket.merged_into_id and hops < _MAX_MERGE_HOPS:
        ticket = Ticket.objects.filter(pk=ticket.merged_into_id).first()
        hops += 1
    return ticket


def find_ticket(
    parsed: ParsedEmail, known: "dict[int | str, Ticket] | None" = None
) -> tuple[Ticket | None, str]:
    """The request this mail replies to and how it was recognised, or ``(None, "")``.
    ``known``: the requests ``tickets_named`` read for a whole batch (by id and reference)."""

    def named(key: int | str) -> Ticket | None:
        if known is not None:
            return known.get(key)
        if isinstance(key, int):
            return Ticket.objects.filter(pk=key).first()
        return Ticket.objects.filter(reference=key).first()

    for address in parsed.recipients:
        ticket_id = mail_ids.ticket_id_from_address(address)
        if ticket_id is not None:
            ticket = _followed(named(ticket_id))
            if ticket is not None:
                return ticket, Route.REPLY_ADDRESS
    for value in parsed.in_reply_to:  # In-Reply-To first, then References
        reference = mail_ids.reference_from_message_id(value)
        if reference is not None:
            ticket = _followed(named(reference))
            if ticket is not None:
                return ticket, Route.REFERENCES
    return None, ""


def tickets_named(batch: list[ParsedEmail]) -> dict[int | str, Ticket]:
    """Every request the batch's reply addresses and Message-IDs name, read in one query, by
    id and by reference (for ``find_ticket``; a name that is not there has no request)."""
    ids: set[int] = set()
    references: set[str] = set()
    for parsed in batch:
        for address in parsed.recipients:
            ticket_id = mail_ids.ticket_id_from_address(address)
            if ticket_id is not None:
                ids.add(ticket_id)
        for value in parsed.in_reply_to:
            reference = mail_ids.reference_from_message_id(value)
            if reference is not None:
                references.add(reference)
    if not ids and not references:
        return {}
    known: dict[int | str, Ticket] = {}
    for ticket in Ticket.objects.filter(Q(pk__in=ids) | Q(reference__in=references)):
        known[ticket.pk] = known[ticket.reference] = ticket
    return known


def referenced_ticket(subject: str) -> Ticket | None:
    """A request whose reference the subject quotes (for the "possibly related" link only)."""
    match = _REFERENCE.search(subject)
    if match is None:
        return None
    return Ticket.objects.filter(reference=match.group(0).upper()).first()


def is_participant(ticket: Ticket, address: str) -> bool:
    """The customer's own address, or one an agent added to the request."""
    address = address.lower()
    if ticket.customer_email.lower() == address:
        return True
    return TicketParticipant.objects.filter(ticket=ticket, email=address).exists()
