"""Periodic work of the insights app (thin: the work is in ``insights.rollup``)."""

from celery import shared_task

from insights.rollup import rollup_refresh


@shared_task(name="insights.rollup_refresh")
def rollup_refresh_task() -> str:
    """Roll up the days that ended (docs/metrics.md, Daily rollup)."""
    state = rollup_refresh()
    return str(state.rolled_through)
