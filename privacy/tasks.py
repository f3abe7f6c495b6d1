from celery import shared_task

from privacy import services


@shared_task(name="privacy.build_export", autoretry_for=(OSError,), max_retries=5)
def build_export(archive_id: int) -> bool:
    """Build a customer's requested archive and e-mail them the link."""
    return services.export_request_build(archive_id=archive_id) is not None


@shared_task(name="privacy.apply_retention")
def apply_retention() -> dict[str, int]:
    """Remove what is older than its retention period (counts in the log and audit log)."""
    return services.retention_apply()
