"""Demo data: one webhook subscription, turned off, so a new user sees the admin screens.

Its URL is on loopback, which the target rule refuses; it is written here directly and stays
off, so nothing is ever queued for it."""

from webhooks import events
from webhooks.models import Subscription

DEMO_NAME = "Wallet backend (demo)"


def load() -> None:
    Subscription.objects.update_or_create(
        name=DEMO_NAME,
        defaults={
            "url": "http://127.0.0.1:9/wallet/webhooks",
            "events": sorted(events.TYPES),
            "is_active": False,
            "disabled_reason": "Demo subscription: off, and its loopback URL would be refused.",
        },
    )
