"""Demo data of the privacy app: the retention periods row (with the documented defaults), so
admins find it in admin and the hourly task has its settings. Idempotent."""

from privacy.models import RetentionSettings


def load() -> None:
    RetentionSettings.current()
