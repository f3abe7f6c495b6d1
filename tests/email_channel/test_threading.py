"""Threading rules: which request a mail reaches, through the pipe command."""

import pytest
from django.core import mail

from email_channel.models import InboundEmail, TicketParticipant
from tests.email_channel.helpers import pipe, send_all
from tests.email_channel.mails import build
from tests.tickets.factories import TicketFactory
from tickets import mail_ids, notifications, services
from tickets.models import Ticket

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_rates_open")]


def test_new_mail_opens_an_email_request_with_the_sender_as_customer(category):
    record = pipe(build(subject="Withdrawal missing", body="My withdrawal of 500 is missing."))

    ticket = record.ticket
    assert record.status == InboundEmail.Status.FILED
    assert record.route == InboundEmail.Route.NEW
    assert ticket.source == Ticket.Source.EMAIL
    assert ticket.customer_email == "wang@example.com"
    assert ticket.customer_name == "Wang Fang"
    assert ticket.subject == "Withdrawal missing"
    assert ticket.messages.get().body == "My withdrawal of 500 is missing."


def test_the_same_message_piped_twice_is_filed_once(category):
    raw = build(message_id="<twice@example.com>")

    first = pipe(raw)
    second = pipe(raw)

    assert first.pk == second.pk
    assert Ticket.objects.count() == 1


def test_reply_to_the_reply_address_joins_the_thread(category):
    ticket = TicketFactory(category=category, email="wang@example.com")

    record = pipe(build(to=mail_ids.reply_address(ticket.pk), body="Here is the receipt."))

    assert record.route == InboundEmail.Route.REPLY_ADDRESS
    assert record.ticket == ticket
    assert ticket.messages.last().body == "Here is the receipt."
    assert not ticket.messages.last().internal
    assert Ticket.objects.count() == 1


def test_reply_address_with_a_wrong_signature_opens_a_new_request(category):
    ticket = TicketFactory(category=category, email="wang@example.com")
    forged = mail_ids.reply_address(ticket.pk).replace("-", "-0", 1)[:-1]

    record = pipe(build(to=forged))

    assert record.ticket != ticket
    assert ticket.messages.count() == 1


def test_reply_by_references_to_our_message_id_joins_the_thread(category):
    ticket = TicketFactory(category=category, email="wang@example.com")

    record = pipe(build(in_reply_to=notifications.thread_root_id(ticket), body="It failed again."))

    assert record.route == InboundEmail.Route.REFERENCES
    assert record.ticket == ticket
    assert ticket.messages.last().body == "It failed again."


def test_references_made_up_from_the_reference_do_not_reach_the_request(category):
    ticket = TicketFactory(category=category, email="wang@example.com")

    record = pipe(build(in_reply_to=f"<{ticket.reference.lower()}@wallet.example>"))

    assert record.ticket != ticket
    assert record.route == InboundEmail.Route.NEW


def test_reference_in_the_subject_only_opens_a_new_request_linked_as_possibly_related(category):
    ticket = TicketFactory(category=category, email="wang@example.com")

    record = pipe(build(subject=f"Re: [{ticket.reference}] Payment failed", body="Any news?"))

    assert record.route == InboundEmail.Route.RELATED
    assert record.related_ticket == ticket
    assert record.ticket != ticket
    note = record.ticket.messages.get(internal=True)
    assert ticket.reference in note.body
    assert ticket.messages.count() == 1


def test_mail_from_another_sender_is_held_as_a_flagged_internal_note(category):
    ticket = TicketFactory(category=category, email="wang@example.com")

    record = pipe(
        build(
            sender="stranger@evil.example",
            to=mail_ids.reply_address(ticket.pk),
            body="Please refund me instead.",
        )
    )

    note = record.ticket_message
    assert record.status == InboundEmail.Status.HELD
    assert note.ticket == ticket
    assert note.internal
    assert "stranger@evil.example" in note.body
    assert "Please refund me instead." in note.body


def test_a_cc_an_agent_added_writes_into_the_thread(category, agent):
    ticket = TicketFactory(category=category, email="wang@example.com")
    TicketParticipant.objects.create(ticket=ticket, email="li@example.com", added_by=agent)

    record = pipe(build(sender="li@example.com", to=mail_ids.reply_address(ticket.pk)))

    assert record.status == InboundEmail.Status.FILED
    assert not record.ticket_message.internal


def test_an_agent_accepts_a_held_mail_into_the_public_thread(category, agent):
    from email_channel import agents as channel

    ticket = TicketFactory(category=category, email="wang@example.com")
    record = pipe(
        build(sender="li@example.com", to=mail_ids.reply_address(ticket.pk), body="From Li.")
    )

    message = channel.held_email_accept(inbound=record, by=agent)

    assert not message.internal
    assert message.body == "From Li."
    assert InboundEmail.objects.get(pk=record.pk).status == InboundEmail.Status.ACCEPTED


def test_reply_to_a_closed_request_opens_a_new_one_linked_to_it(category, agent):
    ticket = TicketFactory(category=category, email="wang@example.com")
    services.ticket_set_status(ticket=ticket, status=Ticket.Status.CLOSED, by=agent)

    record = pipe(build(to=mail_ids.reply_address(ticket.pk)))

    assert record.ticket != ticket
    assert record.related_ticket == ticket


def test_reply_from_the_customer_reopens_a_request_waiting_for_them(category, agent):
    ticket = TicketFactory(category=category, email="wang@example.com")
    services.ticket_set_status(ticket=ticket, status=Ticket.Status.PENDING_CUSTOMER, by=agent)

    pipe(build(to=mail_ids.reply_address(ticket.pk)))

    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.OPEN


def test_customer_replies_send_no_email(category):
    ticket = TicketFactory(category=category, email="wang@example.com")
    send_all()
    mail.outbox.clear()

    pipe(build(to=mail_ids.reply_address(ticket.pk)))
    send_all()

    assert mail.outbox == []
