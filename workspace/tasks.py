"""The workspace's periodic work (scheduled in workspace/schedule.py)."""

from celery import shared_task

from workspace import notifications


@shared_task(name="workspace.prune_notifications")
def prune_notifications() -> int:
    """Delete staff notifications older than NOTIFICATION_RETENTION_DAYS."""
    return notifications.notifications_prune()
