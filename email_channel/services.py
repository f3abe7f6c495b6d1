"""The one intake every way in (IMAP polling, the pipe command) feeds: raw mail to a request.

Promises: a message is filed at most once (its Message-ID is unique in ``InboundEmail``, written
in the same transaction as the ticket rows); a message that cannot be filed is kept raw in the
quarantine, never dropped; automatic mail (auto-replies, bounces, lists) is recorded and never
answered; at most ``EMAIL_AUTO_REPLY_RATE`` confirmations go to one address (the loop guard).
"""

import hashlib
import logging
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import topics, uploads
from core.cards import mask_card_numbers
from core.models import Topic
from core.ratelimits import over_limit
from email_channel import parsing, routing
from email_channel.models import BouncingAddress, InboundEmail, Mailbox
from tickets import services as ticket_services
from tickets.models import Ticket

logger = logging.getLogger(__name__)

Status = InboundEmail.Status
Route = InboundEmail.Route

_CJK = re.compile(r"[\u3400-\u9fff]")


class MessageTooLarge(ValueError):
    """Larger than ``EMAIL_MAX_BYTES``."""


def inbound_email_receive(*, raw: bytes, mailbox: Mailbox | None = None) -> InboundEmail:
    """File one raw message and return its record (the existing one if this Message-ID was
    taken in before). Never raises for the message's content: what cannot be filed goes to
    the quarantine with the reason."""
    parsed = _parsed(raw, mailbox)
    if isinstance(parsed, InboundEmail):
        return parsed
    existing = _recorded(parsed.message_id)
    if existing is not None:
        return existing
    return _receive_parsed(parsed, raw, mailbox)


def inbound_emails_receive(
    *, raws: list[bytes], mailbox: Mailbox | None = None
) -> list[InboundEmail]:
    """File a batch of raw messages (one IMAP fetch): the same records as
    ``inbound_email_receive`` on each in turn (``tests/email_channel/test_intake_batch.py``),
    cheaper. The batch's Message-IDs are looked up in one query and the batch is filed in one
    transaction (one commit, one round of live updates, no savepoint per message). If any
    message fails, that transaction is rolled back whole and the batch is filed the plain way,
    one message at a time, so a failing message is quarantined alone. Nothing is visible before
    the batch is stored; the caller marks the messages on the server only after this returns."""
    parsed = [_parsed(raw, mailbox) for raw in raws]
    try:
        with transaction.atomic():
            return _file_batch(raws, parsed, mailbox)
    except Exception:
        logger.info("inbound batch filed one by one", extra={"messages": len(raws)})
        return [inbound_email_receive(raw=raw, mailbox=mailbox) for raw in raws]


def _file_batch(
    raws: list[bytes], parsed: list["parsing.ParsedEmail | InboundEmail"], mailbox: Mailbox | None
) -> list[InboundEmail]:
    known = _recorded_many(
        [item.message_id for item in parsed if not isinstance(item, InboundEmail)]
    )
    named = routing.tickets_named([item for item in parsed if not isinstance(item, InboundEmail)])
    records = []
    new = []
    for raw, item in zip(raws, parsed, strict=True):
        if isinstance(item, InboundEmail):  # quarantined: too large or unparseable
            records.append(item)
            continue
        record = known.get(item.message_id)
        if record is None:
            # The same Message-ID twice in one batch is filed once, as one by one.
            record = known[item.message_id] = _file_rows(item, raw, mailbox, named)
            new.append(record)
        records.append(record)
    # The batch's records in one INSERT (a Message-ID another worker took meanwhile fails it:
    # the batch is then filed one by one, which finds that record).
    InboundEmail.objects.bulk_create(new)
    return records


def _parsed(raw: bytes, mailbox: Mailbox | None) -> parsing.ParsedEmail | InboundEmail:
    """The parsed message, or its quarantine record when it is too large or unparseable."""
    if len(raw) > settings.EMAIL_MAX_BYTES:
        return _quarantine(raw, mailbox, "", _("Larger than the size limit."), keep_raw=False)
    try:
        return parsing.parse(raw)
    except Exception as exc:  # any parser failure: keep the bytes for an admin to retry
        return _quarantine(raw, mailbox, "", f"{type(exc).__name__}: {exc}")


def _receive_parsed(
    parsed: parsing.ParsedEmail, raw: bytes, mailbox: Mailbox | None
) -> InboundEmail:
    """File a message whose Message-ID was not recorded when we looked."""
    try:
        with transaction.atomic():
            return _file(parsed, raw, mailbox)
    except IntegrityError:
        # Another worker filed the same Message-ID between our check and our insert.
        existing = _recorded(parsed.message_id)
        if existing is not None:
            return existing
        raise
    except Exception as exc:
        logger.exception("inbound email quarantined", extra={"message_id": parsed.message_id})
        return _quarantine(raw, mailbox, parsed.message_id, f"{type(exc).__name__}: {exc}")


def _recorded(message_id: str) -> InboundEmail | None:
    # No ordering: the unique index answers it alone.
    return InboundEmail.objects.filter(message_id=message_id).order_by().first()


def _recorded_many(message_ids: list[str]) -> dict[str, InboundEmail]:
    """``_recorded`` for many Message-IDs in one query (the unique index again)."""
    if not message_ids:
        return {}
    rows = InboundEmail.objects.filter(message_id__in=set(message_ids)).order_by()
    return {row.message_id: row for row in rows}


def inbound_email_retry(*, inbound: InboundEmail) -> InboundEmail:
    """File a quarantined message again (an admin fixed the cause). Returns the new record, or
    the quarantined one with the new reason if it fails again."""
    if inbound.status != Status.QUARANTINED or not inbound.raw:
        raise ValidationError(_("Only a quarantined message with its raw text can be retried."))
    raw = bytes(inbound.raw)
    mailbox = inbound.mailbox
    with transaction.atomic():
        InboundEmail.objects.filter(pk=inbound.pk).delete()
        record = inbound_email_receive(raw=raw, mailbox=mailbox)
    if record.status == Status.QUARANTINED:
        InboundEmail.objects.filter(pk=record.pk).update(attempts=inbound.attempts + 1)
        record.refresh_from_db()
    return record


def _quarantine(
    raw: bytes, mailbox: Mailbox | None, message_id: str, reason: str, *, keep_raw: bool = True
) -> InboundEmail:
    message_id = message_id or f"<{hashlib.sha256(raw).hexdigest()}@quarantine>"
    record, _created = InboundEmail.objects.get_or_create(
        message_id=message_id,
        defaults={
            "mailbox": mailbox,
            "status": Status.QUARANTINED,
            "reason": reason[:300],
            "raw": raw if keep_raw else b"",
            "size": len(raw),
        },
    )
    return record


def _file(parsed: parsing.ParsedEmail, raw: bytes, mailbox: Mailbox | None) -> InboundEmail:
    record = _file_rows(parsed, raw, mailbox)
    record.save(force_insert=True)
    return record


def _file_rows(
    parsed: parsing.ParsedEmail,
    raw: bytes,
    mailbox: Mailbox | None,
    named: dict[int | str, Ticket] | None = None,
) -> InboundEmail:
    """Write the message's ticket rows; its record, not saved yet (the caller inserts it).
    ``named``: the batch's requests read at once (``routing.tickets_named``)."""
    record = InboundEmail(
        message_id=parsed.message_id,
        mailbox=mailbox,
        sender=parsed.sender[:254],
        subject=mask_card_numbers(parsed.subject)[0],
        size=len(raw),
    )
    if parsed.bounced:
        _mark_bouncing(parsed.bounced, parsed.diagnostic)
        record.status, record.reason = Status.BOUNCE, ", ".join(parsed.bounced)[:300]
        return record
    if parsed.automatic:
        record.status, record.reason = Status.IGNORED, parsed.automatic
        return record
    ticket, route = routing.find_ticket(parsed, named)
    if ticket is not None and (ticket.status == Ticket.Status.CLOSED or ticket.merged_into_id):
        # A closed request takes no more replies: the mail opens a new one, linked.
        related, ticket = ticket, None
    else:
        related = None
    clean, refused = _attachments(parsed)
    body = _body(parsed, refused)
    if ticket is None:
        related = related or routing.referenced_ticket(parsed.subject)
        ticket = _new_ticket(parsed, body, clean)
        record.route = Route.RELATED if related else Route.NEW
        record.ticket, record.related_ticket, record.status = ticket, related, Status.FILED
        if related is not None:
            with translation.override(ticket.language):
                ticket_services.ticket_system_note(
                    ticket=ticket,
                    body=_(
                        "Possibly related to %(reference)s (quoted in the subject). Merge them "
                        "if it is the same matter."
                    )
                    % {"reference": related.reference},
                )
    elif routing.is_participant(ticket, parsed.sender):
        message = ticket_services.ticket_reply(
            ticket=ticket, author=ticket.customer, body=body, uploads=clean
        )
        record.route, record.ticket, record.ticket_message = route, ticket, message
        record.status = Status.FILED
    else:
        with translation.override(ticket.language):
            note = _(
                "From another sender: %(sender)s is not a participant of this request. It "
                "stays an internal note unless an agent accepts it."
            ) % {"sender": parsed.sender}
        message = ticket_services.ticket_system_note(
            ticket=ticket, body=f"{note}\n\n{body}", uploads=clean
        )
        record.route, record.ticket, record.ticket_message = route, ticket, message
        record.status = Status.HELD
    return record


def _mark_bouncing(addresses: list[str], diagnostic: str) -> None:
    now = timezone.now()
    for address in addresses:
        row, created = BouncingAddress.objects.get_or_create(
            email=address, defaults={"diagnostic": diagnostic[:300], "last_bounce_at": now}
        )
        if not created:
            row.bounces += 1
            row.last_bounce_at, row.diagnostic = now, diagnostic[:300]
            row.save(update_fields=["bounces", "last_bounce_at", "diagnostic", "updated_at"])


def _attachments(
    parsed: parsing.ParsedEmail,
) -> tuple[list[uploads.CleanUpload], list[str]]:
    """Files that pass the web form's checks, and a line for each refused one."""
    clean: list[uploads.CleanUpload] = []
    refused: list[str] = []
    for attachment in parsed.attachments:
        if len(clean) >= uploads.MAX_FILES:
            refused.append(
                _("“%(name)s”: at most %(count)d files per message.")
                % {"name": attachment.name, "count": uploads.MAX_FILES}
            )
            continue
        upload = SimpleUploadedFile(attachment.name, attachment.data, attachment.content_type)
        try:
            clean.append(uploads.clean_upload(upload))
        except ValidationError as exc:
            refused.append(" ".join(exc.messages))
    return clean, refused


def _language(parsed: parsing.ParsedEmail) -> str:
    return (
        Ticket.Language.ZH_HANS if _CJK.search(parsed.subject + parsed.text) else Ticket.Language.EN
    )


def _body(parsed: parsing.ParsedEmail, refused: list[str]) -> str:
    with translation.override(_language(parsed)):
        body = parsed.text.strip() or _("(This e-mail has no text.)")
        if refused:
            lines = "\n".join(f"- {line}" for line in refused)
            body += "\n\n" + _("Attachments not accepted:") + "\n" + lines
    return body


def _category() -> Topic:
    """``EMAIL_DEFAULT_CATEGORY``, else the first active category (from the per-process copy
    ``core.topics`` keeps)."""
    wanted = settings.EMAIL_DEFAULT_CATEGORY
    category = next(
        (topic for topic in topics.active() if not wanted or topic.slug == wanted), None
    )
    if category is None:
        raise LookupError("no active category for e-mailed requests (EMAIL_DEFAULT_CATEGORY)")
    return category


def _new_ticket(parsed: parsing.ParsedEmail, body: str, clean: list[uploads.CleanUpload]) -> Ticket:
    language = _language(parsed)
    with translation.override(language):
        subject = parsed.subject or _("(no subject)")
    # The loop guard: an address that made us write this often lately gets no confirmation.
    confirm = not over_limit([("email:auto", parsed.sender, settings.EMAIL_AUTO_REPLY_RATE)])
    return ticket_services.ticket_create(
        category=_category(),
        subject=subject[:200],
        description=body,
        email=parsed.sender,
        name=(parsed.sender_name or parsed.sender.partition("@")[0])[:120],
        language=language,
        uploads=clean,
        source=Ticket.Source.EMAIL,
        confirm=confirm,
    )
