"""What agents do with the e-mail side of a request: decide on mail from another sender
(accept it into the public thread, optionally adding the sender as a CC, or discard it), add
and remove CCs (the participants whose mail writes into the thread besides the customer), and
the reads the console's ticket page shows (held mail, CCs, a bouncing customer address, the
requests an incoming mail was possibly related to)."""

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from email_channel.models import BouncingAddress, InboundEmail, TicketParticipant
from tickets import services as ticket_services
from tickets.models import Ticket, TicketMessage

Status = InboundEmail.Status


def _held(inbound: InboundEmail) -> InboundEmail:
    inbound = InboundEmail.objects.select_for_update().get(pk=inbound.pk)
    if inbound.status != Status.HELD or inbound.ticket_message_id is None:
        raise ValidationError(_("This e-mail is not waiting for a decision."))
    return inbound


@transaction.atomic
def held_email_accept(
    *, inbound: InboundEmail, by: AbstractBaseUser, add_cc: bool = False
) -> TicketMessage:
    """Accept mail from another sender: the held note becomes a customer message of the
    public thread (without the "from another sender" line), which the customer sees. With
    ``add_cc`` the sender becomes a participant, so their next mail goes straight in."""
    inbound = _held(inbound)
    if inbound.ticket.status == Ticket.Status.CLOSED or inbound.ticket.merged_into_id:
        raise ValidationError(_("This request is closed: it takes no more messages."))
    original = inbound.ticket_message.body.split("\n\n", 1)[-1]
    message = ticket_services.ticket_note_publish(
        message=inbound.ticket_message, body=original, by=by
    )
    inbound.status = Status.ACCEPTED
    inbound.save(update_fields=["status"])
    if add_cc and inbound.sender:
        participant_add(ticket=inbound.ticket, email=inbound.sender, by=by)
    return message


@transaction.atomic
def held_email_discard(*, inbound: InboundEmail, by: AbstractBaseUser) -> InboundEmail:
    """Discard mail from another sender: it stays an internal note, marked discarded."""
    inbound = _held(inbound)
    inbound.status = Status.DISCARDED
    inbound.save(update_fields=["status"])
    return inbound


def _address(email: str) -> str:
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(_("Enter a valid e-mail address.")) from None
    return email


@transaction.atomic
def participant_add(
    *, ticket: Ticket, email: str, by: AbstractBaseUser | None
) -> TicketParticipant:
    """Add an address (a CC) whose mail writes into the request like the customer's own.
    Adding the customer's own address or one already there changes nothing."""
    email = _address(email)
    if email == ticket.customer_email.lower():
        raise ValidationError(_("This is the customer's own address."))
    participant, _created = TicketParticipant.objects.get_or_create(
        ticket=ticket, email=email, defaults={"added_by": by}
    )
    return participant


@transaction.atomic
def participant_remove(*, ticket: Ticket, participant_id: int, by: AbstractBaseUser) -> str:
    """Remove a CC of ``ticket`` (its later mail is held again); returns its address."""
    participant = TicketParticipant.objects.filter(ticket=ticket, pk=participant_id).first()
    if participant is None:
        raise ValidationError(_("This address is not a participant of the request."))
    participant.delete()
    return participant.email


# --- Reads for the console --------------------------------------------------------------------


@dataclass(frozen=True)
class TicketEmailSide:
    """What the console's ticket page shows of the e-mail channel for one request."""

    participants: list[TicketParticipant]
    bouncing: BouncingAddress | None
    # Mail held as a note, waiting for a decision: {note message id: incoming record}.
    held: dict[int, InboundEmail]
    # Requests this one's incoming mail quoted in its subject (for the agent to merge).
    related: list[Ticket]


def ticket_email_side(*, ticket: Ticket, message_ids: list[int]) -> TicketEmailSide:
    """The CCs, the customer address's bounces, the held mail among ``message_ids`` and the
    possibly related requests of ``ticket`` (four small indexed queries)."""
    held = InboundEmail.objects.filter(
        ticket_message_id__in=message_ids, status=Status.HELD
    ).order_by()
    related = (
        Ticket.objects.filter(
            pk__in=InboundEmail.objects.filter(ticket=ticket, related_ticket__isnull=False).values(
                "related_ticket_id"
            )
        )
        .exclude(pk=ticket.pk)
        .order_by("pk")
    )
    return TicketEmailSide(
        participants=list(TicketParticipant.objects.filter(ticket=ticket).order_by("email")),
        bouncing=BouncingAddress.objects.filter(
            email=ticket.customer_email.strip().lower()
        ).first(),
        held={record.ticket_message_id: record for record in held},
        related=list(related),
    )


def held_email_get(*, ticket: Ticket, inbound_id: int) -> InboundEmail:
    """The incoming record ``inbound_id`` filed into ``ticket`` (already access-checked);
    DoesNotExist for another request's mail."""
    return InboundEmail.objects.get(pk=inbound_id, ticket=ticket)
