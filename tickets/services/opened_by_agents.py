"""Requests agents open for customers who called or wrote on a social network, or whom they
write to first by e-mail."""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.roles import is_agent
from core.models import Topic
from tickets.models import Ticket
from tickets.services.lifecycle import (
    ticket_assign,
    ticket_create,
    ticket_reply,
    ticket_set_status,
)


@transaction.atomic
def ticket_open_for_customer(
    *,
    by: AbstractBaseUser,
    source: str,
    category: Topic,
    subject: str,
    description: str,
    email: str,
    name: str,
    language: str,
    first_message: str = "",
) -> Ticket:
    """A request an agent opens for a customer who called or wrote on a social network: the
    customer's words (``description``) as its first entry, assigned to the agent; with
    ``first_message`` the agent's public reply too, e-mailed to the customer (with the link to
    follow the request). Without one nothing is e-mailed: the customer is on the phone.

    ``source="email"``: the agent writes to the customer first. ``first_message`` is required
    and is the request's first entry, e-mailed with the request's reply address so that the
    customer's answer threads back; ``description``, if any, is kept as an internal note. The
    request then waits for the customer."""
    if not is_agent(by):
        raise ValidationError(_("Only agents can open requests for customers."))
    if source not in (Ticket.Source.PHONE, Ticket.Source.SOCIAL, Ticket.Source.EMAIL):
        raise ValidationError(_("Choose where the request came from."))
    outbound = source == Ticket.Source.EMAIL
    if outbound and not first_message.strip():
        raise ValidationError(_("Write the e-mail to send to the customer."))
    if not outbound and not description.strip():
        raise ValidationError(_("Write down what the customer told us."))
    ticket = ticket_create(
        category=category,
        subject=subject,
        description="" if outbound else description,
        email=email,
        name=name,
        language=language,
        source=source,
        opened_by=by,
    )
    if outbound:
        if description.strip():
            ticket_reply(ticket=ticket, author=by, body=description, internal=True)
        ticket_reply(ticket=ticket, author=by, body=first_message)
        # The reply e-mail asks the customer already: no second "waiting for you" e-mail.
        return ticket_set_status(ticket=ticket, status=Ticket.Status.PENDING_CUSTOMER, by=by)
    if first_message.strip():
        ticket_reply(ticket=ticket, author=by, body=first_message)
        return Ticket.objects.get(pk=ticket.pk)
    return ticket_assign(ticket=ticket, assignee=by, by=by)
