"""Reads of webhooks."""

from core.memo import ProcessMemo
from webhooks.models import Subscription


def _active_rows() -> tuple[tuple[int, tuple[str, ...]], ...]:
    return tuple(
        (pk, tuple(events))
        for pk, events in Subscription.objects.filter(is_active=True).values_list("pk", "events")
    )


# Read on every ticket and chat event (and asked by every new request,
# tickets.signals.rows_wanted), so kept per process for a few seconds; saving or deleting a
# subscription clears it in that process (receivers), other processes follow within 10 s.
_active = ProcessMemo(_active_rows, seconds=10.0)


def any_active_subscription() -> bool:
    """Whether some subscription is on (may lag an admin's change in another process by up
    to 10 s)."""
    return bool(_active.get())


def subscriptions_wanting(event_type: str) -> list[int]:
    """The active subscriptions that chose ``event_type`` (same lag as above: a subscription
    saved in another process gets events from at most 10 s later; the sender checks that a
    subscription is still on before each attempt)."""
    return [pk for pk, events in _active.get() if event_type in events]


def forget_active() -> None:
    _active.clear()
