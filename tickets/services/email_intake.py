"""Ticket writes the e-mail channel needs beyond ``ticket_create`` and ``ticket_reply``: notes
written by the system (mail from someone who is not a participant, a link to a possibly
related request) and an agent accepting such a mail into the public thread."""

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import uploads as attachments
from core.cards import mask_card_numbers
from tickets import signals, sla
from tickets.models import Attachment, Ticket, TicketEvent, TicketMessage
from tickets.services.lifecycle import _change_status, _clean_uploads, _event, _note_last_message


@transaction.atomic
def ticket_system_note(*, ticket: Ticket, body: str, uploads: Iterable[Any] = ()) -> TicketMessage:
    """Add an internal note written by the system (agents see it, the customer never does),
    with attachments. Works on any ticket, closed ones included: nothing is lost."""
    clean = _clean_uploads(uploads)
    message = TicketMessage.objects.create(
        ticket=ticket,
        author=None,
        author_kind=TicketMessage.AuthorKind.SYSTEM,
        internal=True,
        body=mask_card_numbers(body.strip())[0] or "-",
    )
    attachments.store(message, clean, model=Attachment)
    _event(ticket, TicketEvent.Kind.NOTE, None, new=TicketMessage.AuthorKind.SYSTEM)
    return message


@transaction.atomic
def ticket_note_publish(
    *, message: TicketMessage, body: str, by: AbstractBaseUser
) -> TicketMessage:
    """An agent accepts a system note (mail from another sender) into the public thread: it
    becomes a customer message with ``body``, which the customer sees, and counts as the
    customer's reply (inbox preview, reopening a request that waited for them or was solved)."""
    message = TicketMessage.objects.select_for_update().get(pk=message.pk)
    if message.author_kind != TicketMessage.AuthorKind.SYSTEM or not message.internal:
        raise ValidationError(_("Only a note from another sender can be accepted."))
    ticket = Ticket.objects.select_for_update().get(pk=message.ticket_id)
    message.author_kind = TicketMessage.AuthorKind.CUSTOMER
    message.internal = False
    message.body = body.strip() or message.body
    message.save(update_fields=["author_kind", "internal", "body", "updated_at"])
    _event(ticket, TicketEvent.Kind.REPLIED, by, new=TicketMessage.AuthorKind.CUSTOMER)
    # From here on it is a customer's reply like any other (``ticket_reply``): the inbox shows
    # it, and a request waiting for the customer or solved is open again.
    signals.announce_message(ticket, message)
    _note_last_message(ticket, message.body, at=timezone.now(), by_customer=True)
    if ticket.status in (Ticket.Status.PENDING_CUSTOMER, Ticket.Status.SOLVED):
        _change_status(ticket, Ticket.Status.OPEN, by)
    sla.refresh_next_check(ticket)
    ticket.save()
    return message
