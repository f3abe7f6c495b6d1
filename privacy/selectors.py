"""Reads of the privacy app: what the console shows about a customer before an export or an
erasure, and the exports made."""

from dataclasses import dataclass

from django.db.models import QuerySet

from chat.models import ChatAttachment
from core.models import AuditEntry
from privacy.models import ExportArchive
from privacy.subjects import Subject
from tickets.models import Attachment


@dataclass(frozen=True)
class SubjectSummary:
    customer_id: int | None
    has_account: bool
    is_erased: bool
    emails: list[str]
    tickets: int
    chats: int
    files: int
    audit_entries: int


def subject_summary(subject: Subject) -> SubjectSummary:
    files = Attachment.objects.filter(message__ticket_id__in=subject.ticket_ids).count()
    files += ChatAttachment.objects.filter(
        message__conversation_id__in=subject.conversation_ids
    ).count()
    audit = 0
    if subject.customer_id is not None:
        audit = AuditEntry.objects.filter(customer_id=subject.customer_id).count()
    return SubjectSummary(
        customer_id=subject.customer_id,
        has_account=subject.user is not None,
        is_erased=subject.user is not None
        and not subject.user.is_active
        and not subject.user.email,
        emails=sorted(subject.emails),
        tickets=len(subject.ticket_ids),
        chats=len(subject.conversation_ids),
        files=files,
        audit_entries=audit,
    )


def recent_exports(*, limit: int = 20) -> QuerySet[ExportArchive]:
    return ExportArchive.objects.select_related("requested_by").order_by("-created_at")[:limit]


def archive_for_supervisor(archive_id: int) -> ExportArchive | None:
    """A ready console export (callers have checked the supervisor role)."""
    return (
        ExportArchive.objects.filter(
            pk=archive_id, by_customer=False, status=ExportArchive.Status.READY
        )
        .exclude(file="")
        .first()
    )


def customer_exports(user) -> QuerySet[ExportArchive]:
    return ExportArchive.objects.filter(requested_by=user, by_customer=True).order_by(
        "-created_at"
    )[:5]
