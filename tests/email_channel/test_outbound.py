"""Ways out: customer e-mails carry the reply address and Message-IDs the intake recognises."""

import pytest
from django.core import mail

from tests.email_channel.helpers import pipe, send_all
from tests.email_channel.mails import build
from tests.tickets.factories import TicketFactory
from tickets import access, mail_ids, services
from tickets.models import Ticket

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_rates_open")]


def test_agent_reply_email_carries_the_signed_reply_address(category, agent):
    ticket = TicketFactory(category=category)
    services.ticket_reply(ticket=ticket, author=agent, body="Please send the receipt.")

    send_all()

    reply = mail.outbox[-1]
    assert reply.reply_to == [mail_ids.reply_address(ticket.pk)]
    assert reply.reply_to[0].startswith(f"support+t{ticket.pk}-")
    assert mail_ids.ticket_id_from_address(reply.reply_to[0]) == ticket.pk


def test_message_ids_we_send_lead_back_to_the_request(category, agent):
    ticket = TicketFactory(category=category)
    services.ticket_reply(ticket=ticket, author=agent, body="Hello")
    send_all()

    ids = [m.extra_headers["Message-ID"] for m in mail.outbox]

    assert [mail_ids.reference_from_message_id(i) for i in ids] == [ticket.reference] * 2


def test_staff_emails_have_no_reply_address(category, agent, supervisor):
    ticket = TicketFactory(category=category)
    services.ticket_assign(ticket=ticket, assignee=agent, by=supervisor)

    send_all()

    assigned = next(m for m in mail.outbox if m.to == [agent.email])
    assert assigned.reply_to == []


def test_confirmation_of_an_emailed_request_gives_reference_portal_link_and_reply_hint(category):
    record = pipe(build(subject="Card declined"))
    send_all()

    (confirmation,) = mail.outbox
    ticket = record.ticket
    assert ticket.reference in confirmation.body
    assert access.portal_url(ticket) in confirmation.body
    assert "just reply to this e-mail" in confirmation.body
    assert confirmation.reply_to == [mail_ids.reply_address(ticket.pk)]


def test_customer_is_emailed_when_the_request_waits_for_them(category, agent):
    ticket = TicketFactory(category=category, language="en")
    send_all()
    mail.outbox.clear()

    services.ticket_set_status(ticket=ticket, status=Ticket.Status.PENDING_CUSTOMER, by=agent)
    send_all()

    (waiting,) = mail.outbox
    assert "waiting for your reply" in waiting.body
    assert waiting.to == [ticket.customer_email]
    assert waiting.reply_to == [mail_ids.reply_address(ticket.pk)]


def test_a_reply_then_waiting_sends_only_the_reply(category, agent):
    ticket = TicketFactory(category=category, language="en")
    send_all()
    mail.outbox.clear()

    services.ticket_reply(ticket=ticket, author=agent, body="Which card did you use?")
    services.ticket_set_status(ticket=ticket, status=Ticket.Status.PENDING_CUSTOMER, by=agent)
    send_all()

    (reply,) = mail.outbox
    assert "Which card did you use?" in reply.body


def test_waiting_email_is_in_chinese_for_a_chinese_customer(category, agent):
    ticket = TicketFactory(category=category, language="zh-hans")
    send_all()
    mail.outbox.clear()

    services.ticket_set_status(ticket=ticket, status=Ticket.Status.PENDING_CUSTOMER, by=agent)
    send_all()

    assert "等待您的回复" in mail.outbox[0].body


def test_customer_is_emailed_when_the_request_is_solved_with_the_reply_address(category, agent):
    ticket = TicketFactory(category=category, language="en")
    send_all()
    mail.outbox.clear()

    services.ticket_set_status(ticket=ticket, status=Ticket.Status.SOLVED, by=agent)
    send_all()

    (solved,) = mail.outbox
    assert solved.to == [ticket.customer_email]
    assert ticket.reference in solved.subject
    assert solved.reply_to == [mail_ids.reply_address(ticket.pk)]
    assert mail_ids.reference_from_message_id(solved.extra_headers["In-Reply-To"]) == (
        ticket.reference
    )
