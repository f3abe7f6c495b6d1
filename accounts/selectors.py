"""Reads of customer accounts."""

from dataclasses import dataclass
from typing import Any

from accounts.models import CustomerProfile, EmailVerification


@dataclass(frozen=True)
class EmailState:
    """Whether the account's address is confirmed, and the address a sent link waits for
    (the account's own before confirmation, or a new one), if any."""

    confirmed: bool
    pending_email: str


def email_state(user: Any) -> EmailState:
    confirmed = CustomerProfile.objects.filter(pk=user.pk, email_verified_at__isnull=False).exists()
    pending = EmailVerification.objects.filter(
        user=user, status=EmailVerification.Status.PENDING
    ).values_list("email", flat=True)
    return EmailState(confirmed=confirmed, pending_email=pending.first() or "")
