"""Changing a request's contact e-mail (where its replies go), by an agent. An account
change in all but name: refused until the customer is verified in this request (the security
desk's guard), the old address is told, the change is audited and shown in the request's
History, and the verification ends unless the customer came signed in from the wallet app
(their wallet account is found by the contact address otherwise, so the new address may name
another account)."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.roles import is_agent
from core.audit import Action, audit_record
from tickets.models import Ticket, TicketEvent
from tickets.services.lifecycle import _event
from tickets.services.security import ticket_ref, ticket_security_note
from wallet import services as security
from wallet.adapter import mask_email

CHANGED_NOTE = gettext_noop(
    "At your request, replies to this request now go to %(address)s instead of this address. "
    "If you did not ask for this, reply to this message at once."
)
MAX_EMAIL = 254


@transaction.atomic
def ticket_contact_email_change(
    *, ticket: Ticket, email: str, by: Any, request: Any = None
) -> Ticket:
    """Set the request's contact e-mail to ``email``. Raises ValidationError (not an address,
    unchanged), PermissionDenied (not an agent) or ``wallet.services.SecurityDeskError`` (the
    customer is not verified in this request). The notice of the change is written to the
    thread and e-mailed to the old address."""
    if not is_agent(by):
        raise PermissionDenied
    email = email.strip()
    if len(email) > MAX_EMAIL:
        raise ValidationError(_("Enter a valid e-mail address."))
    validate_email(email)
    locked = Ticket.objects.select_for_update().select_related("category").get(pk=ticket.pk)
    if locked.customer_email.lower() == email.lower():
        raise ValidationError(_("That is already the request's contact e-mail."))
    ref = ticket_ref(locked)
    security.require_verified(ref)
    # Queued before the change: the e-mail goes to the address being replaced.
    ticket_security_note(ticket=locked, text=CHANGED_NOTE, by=by, address=mask_email(email))
    # The History entry (both addresses masked, as in the notice).
    _event(
        locked,
        TicketEvent.Kind.CONTACT_EMAIL,
        by,
        old=mask_email(locked.customer_email),
        new=mask_email(email),
    )
    locked.customer_email = email
    locked.save(update_fields=["customer_email", "updated_at"])
    if not ref.wallet_signed_in:
        security.verification_end(ref=ref)
    audit_record(
        action=Action.CONTACT_EMAIL_CHANGED,
        actor=by,
        request=request,
        object_type=ref.kind,
        object_id=ref.conversation_id,
        customer_id=ref.customer_id,
    )
    return locked
