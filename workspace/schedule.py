"""Periodic tasks of the staff workspace (merged into the beat schedule by helpcenter.celery)."""

from celery.schedules import crontab

BEAT = {
    # Once a day, at a quiet hour: notifications older than NOTIFICATION_RETENTION_DAYS go.
    "workspace-prune-notifications": {
        "task": "workspace.prune_notifications",
        "schedule": crontab(hour=3, minute=40),
        "options": {"expires": 3600},
    },
}
