"""Threading rules: which request an incoming mail belongs to, if any.

1. A signed reply address (``support+t123-…@``) among the recipients names the request.
2. Else a Message-ID we sent, in In-Reply-To or References (signed too).
3. A reference in the subject alone never writes into a request (anyone can type one): the
   mail opens a new request, linked to that one as "possibly related".
Whichever way a mail reaches a request, only its participants (the customer's address and the
CCs an agent added) write into the thread; anyone else's mail is held as a note.
"""

import re

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


def find_ticket(parsed: ParsedEmail) -> tuple[Ticket | None, str]:
    """The request this mail replies to and how it was recognised, or ``(None, "")``."""
    for address in parsed.recipients:
        ticket_id = mail_ids.ticket_id_from_address(address)
        if ticket_id is not None:
            ticket = _followed(Ticket.objects.filter(pk=ticket_id).first())
            if ticket is not None:
                return ticket, Route.REPLY_ADDRESS
    for value in parsed.in_reply_to:  # In-Reply-To first, then References
        reference = mail_ids.reference_from_message_id(value)
        if reference is not None:
            ticket = _followed(Ticket.objects.filter(reference=reference).first())
            if ticket is not None:
                return ticket, Route.REFERENCES
    return None, ""


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
