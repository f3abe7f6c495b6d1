"""What tickets does when other apps tell it something (accounts.signals), and when a ticket
row changes (the auto-assignment's kept availability, ``tickets.services.routing``)."""

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from accounts.signals import email_confirmed
from tickets.models import Ticket
from tickets.services import tickets_claim_by_email
from tickets.services.routing import forget_availability

# The fields whose change can give an agent room (their open requests are counted by them).
_LOAD_FIELDS = frozenset({"status", "assignee", "assignee_id"})


@receiver(email_confirmed, dispatch_uid="tickets.claim_guest_tickets")
def claim_guest_tickets(*, user: Any, email: str, **kwargs: Any) -> None:
    """The requests sent as a guest with a newly confirmed address join the account."""
    tickets_claim_by_email(customer=user, email=email)


@receiver(post_save, sender=Ticket, dispatch_uid="tickets.availability_saved")
def ticket_saved(*, created: bool, update_fields: Any = None, **kwargs: Any) -> None:
    """A ticket that changed may have left an agent's open requests: read availability again.
    A new ticket only adds to someone's load, so it leaves "nobody has room" true."""
    if created or (update_fields is not None and not _LOAD_FIELDS & set(update_fields)):
        return
    forget_availability()


@receiver(post_delete, sender=Ticket, dispatch_uid="tickets.availability_deleted")
def ticket_deleted(**kwargs: Any) -> None:
    forget_availability()
