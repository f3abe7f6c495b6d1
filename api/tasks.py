"""Celery tasks of the API: the hourly sweep of stored idempotent responses."""

from celery import shared_task

from api import services


@shared_task(name="api.idempotency_sweep")
def idempotency_sweep() -> int:
    """Delete stored POST responses older than API_IDEMPOTENCY_HOURS."""
    return services.idempotency_sweep()
