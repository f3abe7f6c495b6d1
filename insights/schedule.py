"""Periodic tasks of the insights app (merged into the beat schedule by helpcenter.celery)."""

# A day is in the rollup at most 10 minutes after it ended plus the rollup's grace period
# (insights.rollup.GRACE); until then reports read it from the raw events, so nothing is stale.
BEAT = {
    "insights-rollup-refresh": {
        "task": "insights.rollup_refresh",
        "schedule": 600.0,
        "options": {"expires": 590},
    },
}
