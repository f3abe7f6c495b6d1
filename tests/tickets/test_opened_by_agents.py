"""Requests agents open for a customer who called or wrote on a social network."""

import pytest
from django.core.exceptions import ValidationError

from tests.factories import UserFactory, staff_user
from tickets import services
from tickets.models import Notification, Ticket, TicketEvent, TicketMessage

pytestmark = pytest.mark.django_db


def _open(agent, category, **extra):
    fields = {
        "by": agent,
        "source": Ticket.Source.PHONE,
        "category": category,
        "subject": "Top-up not received",
        "description": "Topped up 200 yuan from the bank card at 10:02, not in the wallet.",
        "email": "caller@example.com",
        "name": "Zhang Min",
        "language": "zh-hans",
        **extra,
    }
    return services.ticket_open_for_customer(**fields)


def test_a_phone_request_is_assigned_to_the_agent_and_emails_nobody(agent, category):
    ticket = _open(agent, category)

    assert ticket.source == Ticket.Source.PHONE
    assert ticket.assignee == agent
    assert ticket.first_response_at is None
    assert not Notification.objects.filter(ticket=ticket).exists()
    created = ticket.events.get(kind=TicketEvent.Kind.CREATED)
    assert created.actor == agent
    first = ticket.messages.get()
    assert first.author_kind == TicketMessage.AuthorKind.CUSTOMER
    assert first.body.startswith("Topped up 200 yuan")


def test_a_first_message_is_a_public_reply_emailed_to_the_customer(agent, category):
    ticket = _open(
        agent,
        category,
        source=Ticket.Source.SOCIAL,
        first_message="We are checking the top-up with the bank.",
    )

    assert ticket.assignee == agent
    assert ticket.first_response_at is not None
    assert ticket.status == Ticket.Status.OPEN
    reply = ticket.messages.get(author_kind=TicketMessage.AuthorKind.AGENT)
    assert reply.body == "We are checking the top-up with the bank."
    kinds = list(Notification.objects.filter(ticket=ticket).values_list("kind", "recipient_email"))
    assert kinds == [(Notification.Kind.AGENT_REPLY, "caller@example.com")]


def test_customers_and_web_sources_are_refused(category):
    with pytest.raises(ValidationError):
        _open(UserFactory(), category)
    with pytest.raises(ValidationError):
        _open(staff_user("agent"), category, source=Ticket.Source.WEB)
    assert not Ticket.objects.exists()


def test_the_console_form_opens_it_and_shows_the_ticket(client, agent, category):
    client.force_login(agent)
    assert client.get("/en/console/tickets/new/").status_code == 200

    response = client.post(
        "/en/console/tickets/new/",
        {
            "source": "phone",
            "name": "Zhang Min",
            "email": "caller@example.com",
            "language": "en",
            "category": category.pk,
            "subject": "Withdrawal pending",
            "description": "Called about a withdrawal pending since Monday.",
            "first_message": "",
        },
        follow=True,
    )

    ticket = Ticket.objects.get()
    assert response.redirect_chain[-1][0] == f"/en/console/tickets/{ticket.reference}/"
    assert f"Request {ticket.reference} opened and assigned to you." in response.content.decode()


def test_the_console_form_keeps_what_was_typed_when_a_field_is_wrong(client, agent, category):
    client.force_login(agent)

    response = client.post(
        "/en/console/tickets/new/",
        {"source": "phone", "name": "Zhang Min", "email": "not-an-address", "subject": "Hi"},
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="Zhang Min"' in page
    assert "Enter a valid email address." in page
    assert not Ticket.objects.exists()
