"""What tickets does when other apps tell it something (accounts.signals)."""

from typing import Any

from django.dispatch import receiver

from accounts.signals import email_confirmed
from tickets.services import tickets_claim_by_email


@receiver(email_confirmed, dispatch_uid="tickets.claim_guest_tickets")
def claim_guest_tickets(*, user: Any, email: str, **kwargs: Any) -> None:
    """The requests sent as a guest with a newly confirmed address join the account."""
    tickets_claim_by_email(customer=user, email=email)
