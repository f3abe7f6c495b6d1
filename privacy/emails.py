"""The privacy e-mails, in the customer's language: the erasure notice (sent before their
address is removed) and the link to their copy of their data."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts.emails import customer_language
from accounts.models import CustomerProfile
from core.mail import Email
from privacy.models import ExportArchive
from privacy.subjects import Subject
from tickets.models import Ticket


def _language(subject: Subject) -> str:
    """The account's e-mail language; for guests (or accounts made before profiles) the
    language of their latest request."""
    if subject.user is not None and CustomerProfile.objects.filter(user=subject.user).exists():
        return customer_language(subject.user.pk)
    language = (
        Ticket.objects.filter(pk__in=subject.ticket_ids)
        .order_by("-created_at")
        .values_list("language", flat=True)
        .first()
    )
    return language or settings.LANGUAGE_CODE


def _send(template: str, context: dict, *, to: str, language: str) -> None:
    with translation.override(language):
        context = {**context, "LANGUAGE_CODE": language}
        subject = render_to_string(f"emails/privacy/{template}.subject.txt", context)
        text = render_to_string(f"emails/privacy/{template}.txt", context)
        html = render_to_string(f"emails/privacy/{template}.html", context)
    message = Email(subject=subject, body=text, to=[to])
    message.attach_alternative(html, "text/html")
    message.send()


def send_erasure_notice(subject: Subject) -> None:
    """Tell the customer their data is being erased. Sent synchronously, before the address
    is removed: an outbox row would have to keep the address the erasure removes."""
    _send(
        "erasure",
        {"tickets": len(subject.ticket_ids), "chats": len(subject.conversation_ids)},
        to=subject.contact_email,
        language=_language(subject),
    )


def download_link(archive: ExportArchive, *, language: str) -> str:
    with translation.override(language):
        path = reverse(
            "privacy:download", kwargs={"archive_id": archive.pk, "key": archive.download_key}
        )
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def send_export_ready(archive: ExportArchive) -> None:
    user = archive.requested_by
    language = customer_language(user.pk)
    _send(
        "export_ready",
        {
            "link": download_link(archive, language=language),
            "expires_at": archive.expires_at,
            "name": user.get_short_name() or user.email,
        },
        to=user.email,
        language=language,
    )
