"""Periodic tasks of the privacy app (merged into the beat schedule by helpcenter.celery)."""

# Hourly: periods are days long, so an hour's lag does not matter, and each run works in
# batches (privacy.services.retention) so a backlog never holds a long transaction.
BEAT = {
    "privacy-apply-retention": {
        "task": "privacy.apply_retention",
        "schedule": 3600.0,
        "options": {"expires": 3500},
    },
}
