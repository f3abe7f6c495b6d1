"""Periodic tasks of the webhooks app (merged into the beat schedule by helpcenter.celery)."""

# The first retry is due 5 s after the event, so the sweep runs every 5 s; each run expires
# before the next is due, so a stopped worker does not come back to a pile of sweeps.
BEAT = {
    "webhooks-sweep": {
        "task": "webhooks.sweep",
        "schedule": 5.0,
        "options": {"expires": 4.5},
    },
}
