"""Tickets answers the account security desk (``wallet.signals``): which ticket a (kind, id)
names, after the access check, and the notices to its customer."""

from typing import Any

from django.dispatch import receiver

from tickets.access import can_see_ticket
from tickets.models import Ticket
from tickets.services.security import ticket_ref, ticket_security_note
from wallet.conversations import ConversationRef
from wallet.signals import conversation_lookup, customer_notify


@receiver(conversation_lookup, dispatch_uid="tickets.security_lookup")
def ticket_for_security_desk(
    *, kind: str, conversation_id: int, user: Any, **kwargs: Any
) -> ConversationRef | None:
    if kind != "ticket":
        return None
    ticket = Ticket.objects.select_related("category").filter(pk=conversation_id).first()
    if ticket is None or (user is not None and not can_see_ticket(user, ticket)):
        return None
    return ticket_ref(ticket)


@receiver(customer_notify, dispatch_uid="tickets.security_notice")
def notice_on_ticket(
    *, ref: ConversationRef, text: str, params: dict[str, Any], by: Any, **kwargs: Any
) -> None:
    if ref.kind != "ticket":
        return
    ticket = Ticket.objects.get(pk=ref.conversation_id)
    ticket_security_note(ticket=ticket, text=text, by=by, **params)
