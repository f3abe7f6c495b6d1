"""Tickets' side of the account security desk (``wallet``, below tickets): notices to the
customer on their request, and paging the on-call list for a security report created outside
business hours."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from tickets import notifications
from tickets.models import Notification, Ticket, TicketMessage
from wallet import selectors as wallet_selectors
from wallet import services as security
from wallet.conversations import ConversationRef


def ticket_ref(ticket: Ticket) -> ConversationRef:
    """The ticket as the security desk names it."""
    return ConversationRef(
        kind="ticket",
        conversation_id=ticket.pk,
        customer_id=ticket.customer_id,
        email=ticket.customer_email,
        language=ticket.language,
        topic_slug=ticket.category.slug,
        is_security=ticket.category.is_security,
        label=ticket.reference,
        console_url=reverse("tickets_console:detail", args=[ticket.reference]),
        transaction_number=ticket.transaction_number,
        wallet_signed_in=wallet_selectors.signed_in_from_wallet(ticket.customer_id),
    )


@transaction.atomic
def ticket_security_note(*, ticket: Ticket, text: str, by: Any = None, **params: Any) -> None:
    """A public notice on the request in the customer's language (``text`` a msgid), shown as
    from the Help Center; e-mailed to the customer when an agent acted (``by``)."""
    with translation.override(ticket.language):
        body = gettext(text) % params if params else gettext(text)
    message = TicketMessage.objects.create(
        ticket=ticket,
        author=by if getattr(by, "is_authenticated", False) else None,
        author_kind=TicketMessage.AuthorKind.SYSTEM,
        body=body,
    )
    if by is not None:
        notifications.queue_customer(ticket, Notification.Kind.AGENT_REPLY, message=message)


def paging_security_reports(create: Callable[..., Ticket]) -> Callable[..., Ticket]:
    """Wraps ``ticket_create``: a security report created outside business hours pages the
    on-call list (``wallet.services.security_report_page``)."""

    @wraps(create)
    def create_and_page(**kwargs: Any) -> Ticket:
        ticket = create(**kwargs)
        if ticket.category.is_security:
            security.security_report_page(ref=ticket_ref(ticket))
        return ticket

    return create_and_page
