"""Agents start a request with an e-mail to the customer (the console's "New request", source
"E-mail we send first"): the e-mail carries the reply address, and the answer threads back."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from email_channel.models import InboundEmail
from tests.email_channel.helpers import pipe, send_all
from tests.email_channel.mails import build
from tickets import access, mail_ids, services
from tickets.models import Notification, Ticket, TicketMessage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_rates_open")]

FIRST = "Your withdrawal of 500 yuan was returned by the bank. Which account should we use?"


def _open(agent, category, **extra):
    fields = {
        "by": agent,
        "source": Ticket.Source.EMAIL,
        "category": category,
        "subject": "Your withdrawal was returned",
        "description": "",
        "email": "wang@example.com",
        "name": "Wang Fang",
        "language": "en",
        "first_message": FIRST,
        **extra,
    }
    return services.ticket_open_for_customer(**fields)


def test_the_request_starts_with_the_agents_message_and_waits_for_the_customer(agent, category):
    ticket = _open(agent, category)

    (message,) = ticket.messages.all()
    assert message.author_kind == TicketMessage.AuthorKind.AGENT
    assert message.body == FIRST
    assert ticket.source == Ticket.Source.EMAIL
    assert ticket.assignee == agent
    assert ticket.status == Ticket.Status.PENDING_CUSTOMER


def test_what_the_agent_knows_is_kept_as_an_internal_note(agent, category):
    ticket = _open(agent, category, description="Bank returned it: account name mismatch.")

    note = ticket.messages.get(internal=True)
    assert note.body == "Bank returned it: account name mismatch."
    assert ticket.messages.filter(internal=False).get().body == FIRST


def test_one_email_goes_out_with_the_reply_address_and_no_re(agent, category):
    ticket = _open(agent, category)
    send_all()

    (sent,) = mail.outbox
    assert list(Notification.objects.values_list("kind", flat=True)) == ["agent_reply"]
    assert sent.to == ["wang@example.com"]
    assert sent.subject == f"[{ticket.reference}] Your withdrawal was returned"
    assert sent.reply_to == [mail_ids.reply_address(ticket.pk)]
    assert "Our support team writes to you about request" in sent.body
    assert FIRST in sent.body
    assert "just reply to this e-mail" in sent.body
    assert access.portal_url(ticket) in sent.body


def test_the_customers_answer_threads_back_and_reopens_it(agent, category):
    ticket = _open(agent, category)
    send_all()
    (sent,) = mail.outbox

    record = pipe(
        build(
            to=sent.reply_to[0],
            subject=f"Re: {sent.subject}",
            body="Please use my ICBC card ending 4411.",
            in_reply_to=sent.extra_headers["Message-ID"],
        )
    )

    ticket.refresh_from_db()
    assert record.status == InboundEmail.Status.FILED
    assert record.ticket == ticket
    assert ticket.messages.last().body == "Please use my ICBC card ending 4411."
    assert ticket.status == Ticket.Status.OPEN
    assert Ticket.objects.count() == 1


def test_an_email_request_needs_the_email(agent, category):
    with pytest.raises(ValidationError):
        _open(agent, category, first_message="  ")

    assert not Ticket.objects.exists()


def test_the_console_form_refuses_an_email_request_without_the_email(client, agent, category):
    client.force_login(agent)

    response = client.post(
        "/en/console/tickets/new/",
        {
            "source": "email",
            "name": "Wang Fang",
            "email": "wang@example.com",
            "language": "en",
            "category": category.pk,
            "subject": "Your withdrawal was returned",
        },
    )

    assert response.status_code == 400
    assert response.context["form"].errors["first_message"] == [
        "Write the e-mail to send to the customer."
    ]
    assert not Ticket.objects.exists()


def test_the_console_form_opens_it_and_emails_the_customer(client, agent, category):
    client.force_login(agent)

    response = client.post(
        "/en/console/tickets/new/",
        {
            "source": "email",
            "name": "Wang Fang",
            "email": "wang@example.com",
            "language": "en",
            "category": category.pk,
            "subject": "Your withdrawal was returned",
            "first_message": FIRST,
        },
        follow=True,
    )

    ticket = Ticket.objects.get()
    assert response.redirect_chain[-1][0] == f"/en/console/tickets/{ticket.reference}/"
    assert ticket.source == Ticket.Source.EMAIL
    assert Notification.objects.get(ticket=ticket).recipient_email == "wang@example.com"


def test_a_phone_request_still_needs_what_the_customer_said(client, agent, category):
    client.force_login(agent)

    response = client.post(
        "/en/console/tickets/new/",
        {
            "source": "phone",
            "name": "Zhang Min",
            "email": "caller@example.com",
            "language": "en",
            "category": category.pk,
            "subject": "Withdrawal pending",
        },
    )

    assert response.status_code == 400
    assert response.context["form"].errors["description"] == [
        "Write down what the customer told us."
    ]
