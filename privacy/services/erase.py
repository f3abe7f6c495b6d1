"""Erasure of one customer: everything personal the help center holds about them is removed or
replaced by placeholders, everywhere (privacy.stores), while every request, chat, rating and
event stays as an anonymous row so that the metrics do not change."""

import logging
from dataclasses import dataclass, field
from typing import Any

from django.contrib.admin.models import LogEntry
from django.db import transaction
from django.db.models import Q

from accounts.models import EmailVerification, WalletIdentity
from api.models import IdempotentRequest
from core.audit import Action, audit_record
from core.person_pages import forget_copies
from email_channel.models import BouncingAddress, InboundEmail, TicketParticipant
from faq.caching import bump_generation
from faq.models import SearchMiss, Vote
from insights.models import Event
from privacy import emails
from privacy.models import ExportArchive
from privacy.redaction import PLACEHOLDER, redact_text
from privacy.services.anonymise import (
    conversations_anonymise,
    delete_files_on_commit,
    deliveries_redact,
    inbound_emails_anonymise,
    new_token,
    tickets_anonymise,
)
from privacy.subjects import Subject, subject_find
from tickets.models import Notification, Ticket
from wallet.models import AccountFreeze, ClosureRequest, FreezeRequest, Verification
from webhooks.models import Delivery
from workspace.models import AgentNotification

logger = logging.getLogger(__name__)

MAX_REASON = 300


class ErasureError(Exception):
    """The erasure was refused or could not start; ``message`` is translated."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class ErasureResult:
    customer_id: int | None
    counts: dict[str, int] = field(default_factory=dict)
    notified: bool = False


def _contains_any(field_name: str, values: list[str]) -> Q:
    query = Q(pk__in=[])
    for value in values:
        query |= Q(**{f"{field_name}__icontains": value})
    return query


def _conversation_rows(model: type, subject: Subject) -> Any:
    query = Q(kind="ticket", conversation_id__in=subject.ticket_ids) | Q(
        kind="chat", conversation_id__in=subject.conversation_ids
    )
    if subject.customer_id is not None:
        query |= Q(customer_id=subject.customer_id)
    if subject.wallet_user_ids:
        query |= Q(wallet_user_id__in=subject.wallet_user_ids)
    return model.objects.filter(query)


def _erase_account(subject: Subject) -> int:
    user = subject.user
    if user is None:
        return 0
    EmailVerification.objects.filter(user=user).delete()
    WalletIdentity.objects.filter(user=user).delete()
    user.username = f"erased-{user.pk}"
    user.email = ""
    user.first_name = ""
    user.last_name = ""
    user.is_active = False
    # A new (unusable) password hash also ends every session of the account.
    user.set_unusable_password()
    user.save()
    return 1


def _erase_elsewhere(subject: Subject, token: str) -> dict[str, int]:
    pattern = subject.pattern()
    identifiers = subject.identifiers()
    emails_q = Q(pk__in=[])
    for address in subject.emails:
        emails_q |= Q(email__iexact=address)
    counts: dict[str, int] = {}
    wallet_placeholder = f"erased-{token}"
    for model, text_fields in (
        (Verification, []),
        (AccountFreeze, ["reason", "unfreeze_reason"]),
        (ClosureRequest, []),
    ):
        rows = list(_conversation_rows(model, subject))
        for row in rows:
            row.wallet_user_id = wallet_placeholder
            for name in text_fields:
                setattr(row, name, redact_text(getattr(row, name), pattern))
            if model is ClosureRequest:
                row.comment = ""
        if rows:
            model.objects.bulk_update(
                rows,
                ["wallet_user_id", *text_fields] + (["comment"] if model is ClosureRequest else []),
            )
        counts[model._meta.label] = len(rows)
    # A customer's "freeze my account" ask keeps only the address it came from (no wallet id).
    asks = Q(kind="ticket", conversation_id__in=subject.ticket_ids) | Q(
        kind="chat", conversation_id__in=subject.conversation_ids
    )
    if subject.customer_id is not None:
        asks |= Q(customer_id=subject.customer_id)
    counts["wallet.FreezeRequest"] = (
        FreezeRequest.objects.filter(asks).exclude(address="").update(address="")
    )
    sender_q = Q(pk__in=[])
    for address in subject.emails:
        sender_q |= Q(sender__iexact=address)
    counts["email_channel.InboundEmail"] = inbound_emails_anonymise(
        InboundEmail.objects.filter(sender_q), pattern=pattern
    )
    counts["email_channel.TicketParticipant"] = TicketParticipant.objects.filter(emails_q).delete()[
        0
    ]
    counts["email_channel.BouncingAddress"] = BouncingAddress.objects.filter(emails_q).delete()[0]
    recipient_q = Q(pk__in=[])
    for address in subject.emails:
        recipient_q |= Q(recipient_email__iexact=address)
    counts["tickets.Notification"] = Notification.objects.filter(recipient_q).update(
        recipient_email=f"erased-{token}@erased.invalid"
    )
    counts["webhooks.Delivery"] = deliveries_redact(
        Delivery.objects.filter(_contains_any("payload", sorted(subject.emails))), pattern
    )
    events = Event.objects.exclude(query="").filter(_contains_any("query", identifiers))
    if subject.customer_id is not None:
        events |= Event.objects.exclude(query="").filter(visitor=f"account:{subject.customer_id}")
    counts["insights.Event"] = events.update(query="")
    counts["faq.SearchMiss"] = SearchMiss.objects.filter(
        _contains_any("query", identifiers)
    ).delete()[0]
    counts["faq.Vote"] = Vote.objects.filter(_contains_any("comment", identifiers)).update(
        comment=""
    )
    references = list(
        Ticket.objects.filter(pk__in=subject.ticket_ids).values_list("reference", flat=True)
    )
    counts["api.IdempotentRequest"] = IdempotentRequest.objects.filter(
        _contains_any("response_body", identifiers + references)
    ).delete()[0]
    # Django admin's history names what was edited ("zhao@example.com", a request's subject).
    counts["admin.LogEntry"] = LogEntry.objects.filter(
        _contains_any("object_repr", identifiers)
    ).update(object_repr=PLACEHOLDER)
    # Agents' notifications name the customer and the subject: the ones about their work go.
    counts["workspace.AgentNotification"] = AgentNotification.objects.filter(
        Q(ticket_id__in=subject.ticket_ids) | Q(conversation_id__in=subject.conversation_ids)
    ).delete()[0]
    if subject.customer_id is not None:
        archives = ExportArchive.objects.filter(customer_id=subject.customer_id)
        delete_files_on_commit(list(archives.values_list("file", flat=True)))
        counts["privacy.ExportArchive"] = archives.delete()[0]
    return counts


def customer_erase(
    *,
    email: str = "",
    user: Any = None,
    wallet_user_id: str = "",
    reason: str,
    actor: Any = None,
    request: Any = None,
    channel: str = "command",
    notify: bool = True,
) -> ErasureResult:
    """Erase the customer named by ``email``, ``user`` or ``wallet_user_id``.

    The customer is told by e-mail first, while their address still exists; if that mail
    cannot be handed to the mail server the erasure does not start (``ErasureError``), so
    nobody is erased without being told. Then, in one transaction: their account is
    anonymised, their requests and chats keep only placeholders, their files are deleted
    (after commit), every other store loses what names them, cached pages are made stale, and
    the audit log records the erasure by internal id with the reason."""
    subject = subject_find(email=email, user=user, wallet_user_id=wallet_user_id)
    token = new_token()
    result = ErasureResult(customer_id=subject.customer_id)
    if notify and subject.contact_email:
        try:
            emails.send_erasure_notice(subject)
        except OSError as exc:
            from django.utils.translation import gettext as _

            logger.warning("privacy.erasure_notice_failed", extra={"error": str(exc)[:200]})
            raise ErasureError(
                _("The customer could not be told by e-mail; nothing was erased. Try again later.")
            ) from exc
        result.notified = True
    pattern = subject.pattern()
    with transaction.atomic():
        result.counts["tickets.Ticket"] = tickets_anonymise(
            subject.ticket_ids, pattern=pattern, token=token
        )
        result.counts["chat.Conversation"] = conversations_anonymise(
            subject.conversation_ids, pattern=pattern
        )
        result.counts.update(_erase_elsewhere(subject, token))
        result.counts["auth.User"] = _erase_account(subject)
        audit_record(
            action=Action.DATA_ERASED,
            actor=actor,
            request=request,
            object_type="privacy.erasure",
            object_id=token,
            customer_id=subject.customer_id,
            detail={
                "channel": channel,
                "reason": redact_text(reason, pattern)[:MAX_REASON],
                "notified": result.notified,
                "counts": {k: v for k, v in result.counts.items() if v},
            },
        )
        transaction.on_commit(bump_generation)
        transaction.on_commit(forget_copies)
    logger.info(
        "privacy.erased",
        extra={
            "customer_id": subject.customer_id,
            "tickets": len(subject.ticket_ids),
            "chats": len(subject.conversation_ids),
        },
    )
    return result


__all__ = ["PLACEHOLDER", "ErasureError", "ErasureResult", "customer_erase"]
