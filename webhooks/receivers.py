"""What webhooks does when tickets and chat announce a change (tickets.signals,
chat.signals): write outbox rows in the same transaction."""

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from chat.signals import chat_event
from tickets.signals import ticket_event, ticket_event_rows_wanted
from webhooks import events, selectors, services
from webhooks.models import Subscription


@receiver(ticket_event, dispatch_uid="webhooks.ticket_event")
def ticket_event_outbox(*, ticket: Any, event: str, payload: dict[str, Any], **kwargs: Any) -> None:
    """A request changed: queue the event for every subscription that wants it."""
    if not selectors.subscriptions_wanting(event):
        return  # nobody wants it (nor the internal events such as sla.warning): no body to build
    body = events.envelope(event, events.ticket_data(ticket, event, payload), at=timezone.now())
    services.deliveries_queue(event_type=event, body=body)


@receiver(chat_event, dispatch_uid="webhooks.chat_event")
def chat_event_outbox(
    *, conversation: Any, event: str, payload: dict[str, Any], **kwargs: Any
) -> None:
    """A chat changed: queue the event for every subscription that wants it."""
    if not selectors.subscriptions_wanting(event):
        return
    body = events.envelope(event, events.chat_data(conversation, event, payload), at=timezone.now())
    services.deliveries_queue(event_type=event, body=body)


@receiver(ticket_event_rows_wanted, dispatch_uid="webhooks.rows_wanted")
def rows_wanted(**kwargs: Any) -> bool:
    """Outbox rows are written while any subscription is on."""
    return selectors.any_active_subscription()


@receiver(post_save, sender=Subscription, dispatch_uid="webhooks.subscription_saved")
@receiver(post_delete, sender=Subscription, dispatch_uid="webhooks.subscription_deleted")
def subscription_changed(**kwargs: Any) -> None:
    selectors.forget_active()
