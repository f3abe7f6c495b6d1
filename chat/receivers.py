"""What chat does when other apps tell it something (accounts.signals)."""

from typing import Any

from django.dispatch import receiver

from accounts.signals import email_confirmed, staff_on_duty
from chat import selectors
from chat.services import conversations_claim_by_email


@receiver(email_confirmed, dispatch_uid="chat.claim_guest_chats")
def claim_guest_chats(*, user: Any, email: str, **kwargs: Any) -> None:
    """The chats held as a guest with a newly confirmed address join the account."""
    conversations_claim_by_email(customer=user, email=email)


@receiver(staff_on_duty, dispatch_uid="chat.agents_online")
def agents_online(**kwargs: Any) -> list[int]:
    """The agents online in the console now."""
    return list(selectors.online_presences().values_list("user_id", flat=True))
