"""A customer's own request for a copy of their data: a pending archive, built by a Celery
task and e-mailed as a link that works once, for their account, until it expires."""

import io
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from core.audit import Action, audit_record
from privacy.models import ExportArchive, RetentionSettings
from privacy.services.export import export_audited, store_archive
from privacy.subjects import subject_find


@transaction.atomic
def export_request_create(*, user: Any, request: Any = None) -> ExportArchive:
    """A signed-in customer asks for a copy of their data: a pending archive, built and
    e-mailed as a link by a Celery task after commit."""
    archive = ExportArchive.objects.create(
        customer_id=user.pk,
        requested_by=user,
        by_customer=True,
        original_name="",
        content_type="application/zip",
        size=0,
        sha256="",
        expires_at=ExportArchive.expiry(RetentionSettings.current().export_days),
    )
    audit_record(
        action=Action.DATA_EXPORT_REQUESTED,
        actor=user,
        request=request,
        object_type="privacy.exportarchive",
        object_id=archive.pk,
        customer_id=user.pk,
    )
    from privacy import tasks

    transaction.on_commit(lambda: tasks.build_export.delay(archive.pk))
    return archive


def export_request_build(*, archive_id: int) -> ExportArchive | None:
    """Build a customer's pending archive and e-mail them the link; None when it is no longer
    pending (built already, or the account was erased meanwhile)."""
    from privacy import emails

    with transaction.atomic():
        archive = (
            ExportArchive.objects.select_for_update(of=("self",))
            .filter(pk=archive_id, status=ExportArchive.Status.PENDING)
            .select_related("requested_by")
            .first()
        )
        if archive is None or archive.requested_by is None or not archive.requested_by.is_active:
            return None
        subject = subject_find(user=archive.requested_by)
        buffer = io.BytesIO()
        export_audited(
            subject, buffer, actor=archive.requested_by, request=None, channel="customer"
        )
        store_archive(archive, buffer.getvalue())
    emails.send_export_ready(archive)
    return archive


class ExportLinkInvalid(Exception):
    """The link is unknown, someone else's, used or expired; ``message`` is translated."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@transaction.atomic
def export_download_claim(*, archive_id: int, key: str, user: Any) -> ExportArchive:
    """The customer's archive behind an e-mailed link, used up by this download: the link
    works once, before it expires, and only for the account that asked for it."""
    from django.utils.translation import gettext as _

    archive = (
        ExportArchive.objects.select_for_update().filter(pk=archive_id, by_customer=True).first()
    )
    if (
        archive is None
        or archive.requested_by_id != user.pk
        or not secrets.compare_digest(archive.download_key, key)
    ):
        raise ExportLinkInvalid(_("This download link is not valid."))
    if archive.status == ExportArchive.Status.DOWNLOADED:
        raise ExportLinkInvalid(_("This download link was used already. Ask for a new copy."))
    if archive.status != ExportArchive.Status.READY or archive.expires_at <= timezone.now():
        raise ExportLinkInvalid(_("This download link has expired. Ask for a new copy."))
    archive.status = ExportArchive.Status.DOWNLOADED
    archive.downloaded_at = timezone.now()
    archive.save(update_fields=["status", "downloaded_at"])
    return archive
