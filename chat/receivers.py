"""What chat does when other apps tell it something (accounts.signals)."""

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from accounts.signals import email_confirmed, staff_on_duty
from chat import selectors
from chat.models import AgentPresence
from chat.services import conversations_claim_by_email
from tickets.services.routing import forget_availability


@receiver(email_confirmed, dispatch_uid="chat.claim_guest_chats")
def claim_guest_chats(*, user: Any, email: str, **kwargs: Any) -> None:
    """The chats held as a guest with a newly confirmed address join the account."""
    conversations_claim_by_email(customer=user, email=email)


@receiver(staff_on_duty, dispatch_uid="chat.agents_online")
def agents_online(**kwargs: Any) -> list[int]:
    """The agents online in the console now."""
    return list(selectors.online_presences().values_list("user_id", flat=True))


@receiver(post_save, sender=AgentPresence, dispatch_uid="chat.presence_saved")
@receiver(post_delete, sender=AgentPresence, dispatch_uid="chat.presence_deleted")
def presence_changed(**kwargs: Any) -> None:
    """An agent came online or went away: the requests' auto-assignment, which keeps who is on
    duty for a second (tickets.services.routing), reads it again."""
    forget_availability()
