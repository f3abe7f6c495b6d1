"""Periodic tasks of the API app (merged into the beat schedule by helpcenter.celery)."""

BEAT = {
    "api-idempotency-sweep": {
        "task": "api.idempotency_sweep",
        "schedule": 3600.0,
        "options": {"expires": 3500},
    },
}
