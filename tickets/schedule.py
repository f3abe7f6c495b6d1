"""Periodic tasks of the tickets app (merged into the beat schedule by helpcenter.celery)."""

# Each run expires before the next one is due, so a stopped worker does not come back to a
# pile of identical sweeps.
BEAT = {
    "tickets-sla-sweep": {
        "task": "tickets.sla_sweep",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    "tickets-notifications-requeue": {
        "task": "tickets.notifications_requeue",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    "tickets-close-solved": {
        "task": "tickets.close_solved",
        "schedule": 3600.0,
        "options": {"expires": 3500},
    },
}
