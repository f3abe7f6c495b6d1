"""The batch intake the IMAP poll uses (``inbound_emails_receive``) files exactly what the
one-by-one intake (``inbound_email_receive``) files, on a mix of every kind of mail."""

import pytest
from django.db import transaction

from email_channel import services
from email_channel.models import InboundEmail, TicketParticipant
from tests.email_channel.mails import build
from tests.tickets.factories import TicketFactory
from tickets import mail_ids, notifications
from tickets import services as ticket_services
from tickets.models import Notification, Ticket

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_rates_open")]

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def _mix(ticket: Ticket, closed: Ticket) -> list[bytes]:
    root = notifications.thread_root_id(ticket)
    return [
        build(message_id="<new@x>", subject="Withdrawal missing", body="Where is it?"),
        build(message_id="<cn@x>", subject="付款失败", body="我的付款失败了。"),
        build(message_id="<addr@x>", to=mail_ids.reply_address(ticket.pk), body="Receipt."),
        build(message_id="<refs@x>", in_reply_to=root, body="By references."),
        build(message_id="<subject@x>", subject=f"About {ticket.reference}", body="Related?"),
        build(
            message_id="<foreign@x>",
            sender="Eve <eve@example.com>",
            to=mail_ids.reply_address(ticket.pk),
            body="Not a participant.",
        ),
        build(
            message_id="<cc@x>",
            sender="cc@example.com",
            to=mail_ids.reply_address(ticket.pk),
            body="A CC writes.",
        ),
        build(message_id="<closed@x>", to=mail_ids.reply_address(closed.pk), body="Closed?"),
        build(message_id="<auto@x>", headers={"Auto-Submitted": "auto-replied"}),
        build(
            message_id="<file@x>", body="See the file.", attachments=(("a.png", "image/png", PNG),)
        ),
        build(message_id="<twice@x>", body="Sent twice in one batch."),
        build(message_id="<twice@x>", body="Sent twice in one batch."),
        build(message_id="<before@x>", body="Filed in an earlier poll."),
        b"not a mail at all",
        build(message_id="<big@x>", body="x" * 3000),
    ]


def _outcome(
    records: list[InboundEmail], known: dict[int, str], references: dict[str, str]
) -> list[tuple]:
    """What each record says, with requests named by what they are (ids differ between runs)."""

    def name(ticket: Ticket | None) -> str:
        if ticket is None:
            return ""
        if ticket.pk in known:
            return known[ticket.pk]
        subject = ticket.subject
        for reference, label in references.items():  # ids differ between runs on PostgreSQL
            subject = subject.replace(reference, label)
        return f"new {subject} {ticket.language}"

    rows = []
    for record in records:
        record.refresh_from_db()
        message = record.ticket_message
        rows.append(
            (
                record.message_id,
                record.status,
                record.route,
                record.reason,
                name(record.ticket),
                name(record.related_ticket),
                (message.body, message.internal, message.author_kind) if message else None,
                record.ticket.messages.count() if record.ticket else 0,
                sorted(a.name for m in record.ticket.messages.all() for a in m.attachments.all())
                if record.ticket
                else [],
            )
        )
    return rows


def _run(receive, settings, agent) -> tuple[list[tuple], int, int]:
    settings.EMAIL_MAX_BYTES = 2500
    ticket = TicketFactory(email="wang@example.com")
    closed = TicketFactory(email="wang@example.com")
    ticket_services.ticket_set_status(ticket=closed, status=Ticket.Status.CLOSED, by=agent)
    TicketParticipant.objects.create(ticket=ticket, email="cc@example.com")
    known = {ticket.pk: "ticket", closed.pk: "closed"}
    services.inbound_email_receive(raw=build(message_id="<before@x>", body="Filed earlier."))
    records = receive(_mix(ticket, closed))
    result = (
        _outcome(records, known, {ticket.reference: "<ticket>", closed.reference: "<closed>"}),
        Ticket.objects.count(),
        Notification.objects.count(),
    )
    transaction.set_rollback(True)
    return result


def test_the_batch_intake_files_what_the_one_by_one_intake_files(settings, category, agent):
    with transaction.atomic():
        plain = _run(
            lambda raws: [services.inbound_email_receive(raw=raw) for raw in raws], settings, agent
        )
    with transaction.atomic():
        batch = _run(lambda raws: services.inbound_emails_receive(raws=raws), settings, agent)

    assert batch == plain
    assert {row[1] for row in plain[0]} == {"filed", "held", "ignored", "quarantined"}
    assert {row[2] for row in plain[0]} >= {"new", "related", "reply_address", "references"}


def test_a_message_that_cannot_be_filed_is_quarantined_alone_in_a_batch(settings, category, agent):
    settings.EMAIL_DEFAULT_CATEGORY = "no-such-topic"  # new mail cannot be filed, replies can
    with transaction.atomic():
        plain = _run(
            lambda raws: [services.inbound_email_receive(raw=raw) for raw in raws], settings, agent
        )
    with transaction.atomic():
        batch = _run(lambda raws: services.inbound_emails_receive(raws=raws), settings, agent)

    assert batch == plain
    statuses = {row[0]: row[1] for row in batch[0]}
    assert statuses["<new@x>"] == "quarantined"
    assert statuses["<addr@x>"] == "filed"
