"""Periodic tasks of the knowledge base, merged into Celery beat by helpcenter.celery."""

# Expires before the next run is due, so a stopped worker does not wake up to a pile of flushes.
BEAT = {
    "faq-flush-view-counts": {
        "task": "faq.flush_view_counts",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
}
