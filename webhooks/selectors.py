"""Reads of webhooks."""

from core.memo import ProcessMemo
from webhooks.models import Subscription


def _any_active() -> bool:
    return Subscription.objects.filter(is_active=True).exists()


# Asked on every new request (tickets.signals.rows_wanted), so kept per process for a few
# seconds; saving a subscription clears it in that process (receivers).
_active = ProcessMemo(_any_active, seconds=10.0)


def any_active_subscription() -> bool:
    """Whether some subscription is on (may lag an admin's change in another process by up
    to 10 s; the outbox rows are written either way, see tickets.signals)."""
    return _active.get()


def forget_active() -> None:
    _active.clear()
