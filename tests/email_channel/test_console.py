"""The e-mail side of the console's ticket page: mail from another sender accepted or
discarded in one click, CCs added and removed, a bouncing customer address, and the
"possibly related" request merged in one click."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from email_channel import agents
from email_channel.models import InboundEmail, TicketParticipant
from tests.email_channel.helpers import pipe
from tests.email_channel.mails import DSN, build
from tests.factories import staff_user
from tests.tickets.factories import TicketFactory
from tickets import mail_ids, services
from tickets.models import Ticket, TicketMessage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_rates_open")]


@pytest.fixture
def agent_client(client, agent):
    client.force_login(agent)
    return client


def page(ticket: Ticket) -> str:
    return f"/en/console/tickets/{ticket.reference}/"


def action(ticket: Ticket, rest: str) -> str:
    return f"/en/console/email/{ticket.reference}/{rest}"


def flashes(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def held_mail(ticket: Ticket) -> InboundEmail:
    return pipe(
        build(sender="li@example.com", to=mail_ids.reply_address(ticket.pk), body="From Li.")
    )


def test_the_ticket_page_offers_accept_and_discard_under_held_mail(agent_client, category):
    ticket = TicketFactory(category=category, email="wang@example.com")
    record = held_mail(ticket)

    body = agent_client.get(page(ticket)).content.decode()

    assert action(ticket, f"held/{record.pk}/accept/") in body
    assert action(ticket, f"held/{record.pk}/discard/") in body
    assert "Accept and add as CC" in body


def test_accepting_held_mail_makes_it_a_customer_message(agent_client, category):
    ticket = TicketFactory(category=category, email="wang@example.com")
    record = held_mail(ticket)

    response = agent_client.post(action(ticket, f"held/{record.pk}/accept/"), follow=True)

    message = TicketMessage.objects.get(pk=record.ticket_message_id)
    assert flashes(response) == ["Accepted into the thread."]
    assert not message.internal
    assert message.author_kind == TicketMessage.AuthorKind.CUSTOMER
    assert message.body == "From Li."
    assert InboundEmail.objects.get(pk=record.pk).status == InboundEmail.Status.ACCEPTED
    assert not TicketParticipant.objects.filter(ticket=ticket).exists()
    assert action(ticket, f"held/{record.pk}/accept/") not in response.content.decode()


def test_accepted_mail_reopens_a_request_waiting_for_the_customer(agent_client, agent, category):
    ticket = TicketFactory(category=category, email="wang@example.com")
    services.ticket_set_status(ticket=ticket, status=Ticket.Status.PENDING_CUSTOMER, by=agent)
    record = held_mail(ticket)

    agent_client.post(action(ticket, f"held/{record.pk}/accept/"))

    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.OPEN
    assert ticket.last_message_preview == "From Li."
    assert ticket.last_message_by_customer


def test_accepting_with_cc_lets_the_senders_next_mail_straight_in(agent_client, category):
    ticket = TicketFactory(category=category, email="wang@example.com")
    record = held_mail(ticket)

    agent_client.post(action(ticket, f"held/{record.pk}/accept/"), {"add_cc": "1"})
    later = pipe(build(sender="li@example.com", to=mail_ids.reply_address(ticket.pk)))

    assert TicketParticipant.objects.get(ticket=ticket).email == "li@example.com"
    assert later.status == InboundEmail.Status.FILED
    assert not later.ticket_message.internal


def test_discarding_held_mail_keeps_it_a_note(agent_client, category):
    ticket = TicketFactory(category=category, email="wang@example.com")
    record = held_mail(ticket)

    response = agent_client.post(action(ticket, f"held/{record.pk}/discard/"), follow=True)

    assert flashes(response) == ["Discarded: the e-mail stays an internal note."]
    assert TicketMessage.objects.get(pk=record.ticket_message_id).internal
    assert InboundEmail.objects.get(pk=record.pk).status == InboundEmail.Status.DISCARDED


def test_a_decided_mail_cannot_be_decided_again(agent_client, category):
    ticket = TicketFactory(category=category, email="wang@example.com")
    record = held_mail(ticket)
    agent_client.post(action(ticket, f"held/{record.pk}/discard/"), follow=True)

    response = agent_client.post(action(ticket, f"held/{record.pk}/accept/"), follow=True)

    assert flashes(response) == ["This e-mail is not waiting for a decision."]
    assert TicketMessage.objects.get(pk=record.ticket_message_id).internal


def test_held_mail_of_another_request_is_not_found(agent_client, category):
    ticket = TicketFactory(category=category, email="wang@example.com")
    other = TicketFactory(category=category, email="zhao@example.com")
    record = held_mail(ticket)

    response = agent_client.post(action(other, f"held/{record.pk}/accept/"))

    assert response.status_code == 404
    assert InboundEmail.objects.get(pk=record.pk).status == InboundEmail.Status.HELD


def test_customers_cannot_decide_held_mail(client, customer, category):
    ticket = TicketFactory(category=category, customer=customer)
    record = held_mail(ticket)
    client.force_login(customer)

    response = client.post(action(ticket, f"held/{record.pk}/accept/"))

    assert response.status_code == 403
    assert InboundEmail.objects.get(pk=record.pk).status == InboundEmail.Status.HELD


def test_an_agent_adds_a_cc_and_the_page_lists_it(agent_client, agent, category):
    ticket = TicketFactory(category=category, email="wang@example.com")

    response = agent_client.post(action(ticket, "cc/"), {"email": " Li@Example.com "}, follow=True)

    participant = TicketParticipant.objects.get(ticket=ticket)
    assert participant.email == "li@example.com"
    assert participant.added_by == agent
    assert flashes(response) == ["li@example.com added as a CC."]
    assert action(ticket, f"cc/{participant.pk}/remove/") in response.content.decode()


def test_the_cc_panel_posts_with_the_csrf_token_it_was_rendered_with(agent, category):
    ticket = TicketFactory(category=category, email="wang@example.com")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(agent)
    html = browser.get(page(ticket)).content.decode()
    panel = html[html.index('id="p-email"') :]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', panel).group(1)

    response = browser.post(
        action(ticket, "cc/"), {"email": "li@example.com", "csrfmiddlewaretoken": token}
    )

    assert response.status_code == 302
    assert TicketParticipant.objects.get(ticket=ticket).email == "li@example.com"


@pytest.mark.parametrize(
    ("email", "error"),
    [
        ("not-an-address", "Enter a valid e-mail address."),
        ("wang@example.com", "This is the customer's own address."),
    ],
)
def test_a_cc_must_be_another_valid_address(agent_client, category, email, error):
    ticket = TicketFactory(category=category, email="wang@example.com")

    response = agent_client.post(action(ticket, "cc/"), {"email": email}, follow=True)

    assert flashes(response) == [error]
    assert not TicketParticipant.objects.exists()


def test_a_removed_cc_is_held_again(agent_client, agent, category):
    ticket = TicketFactory(category=category, email="wang@example.com")
    participant = TicketParticipant.objects.create(ticket=ticket, email="li@example.com")

    response = agent_client.post(action(ticket, f"cc/{participant.pk}/remove/"), follow=True)
    record = held_mail(ticket)

    assert flashes(response) == ["li@example.com removed from the CCs."]
    assert record.status == InboundEmail.Status.HELD


def test_a_cc_of_another_request_cannot_be_removed_through_this_one(agent_client, category):
    ticket = TicketFactory(category=category, email="wang@example.com")
    other = TicketFactory(category=category, email="zhao@example.com")
    participant = TicketParticipant.objects.create(ticket=other, email="li@example.com")

    agent_client.post(action(ticket, f"cc/{participant.pk}/remove/"))

    assert TicketParticipant.objects.filter(pk=participant.pk).exists()


def test_a_bouncing_customer_address_is_shown_on_the_ticket_page(agent_client, category):
    ticket = TicketFactory(category=category, email="Gone@example.com")
    pipe(DSN)

    body = agent_client.get(page(ticket)).content.decode()

    assert "data-bouncing" in body
    assert "1 bounce, last" in body
    assert "User unknown" in body


def test_a_deliverable_customer_address_shows_no_bounce(agent_client, category):
    ticket = TicketFactory(category=category, email="wang@example.com")
    pipe(DSN)

    body = agent_client.get(page(ticket)).content.decode()

    assert "data-bouncing" not in body


def test_a_possibly_related_request_is_merged_in_one_click(agent_client, category):
    earlier = TicketFactory(category=category, email="wang@example.com")
    record = pipe(build(subject=f"About {earlier.reference} again"))
    body = agent_client.get(page(record.ticket)).content.decode()
    assert f"Merge into {earlier.reference}" in body

    response = agent_client.post(
        f"/en/console/tickets/{record.ticket.reference}/merge/",
        {"target": earlier.reference},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == page(earlier)
    assert Ticket.objects.get(pk=record.ticket_id).merged_into == earlier


def test_another_customers_related_request_offers_no_merge(agent_client, category):
    earlier = TicketFactory(category=category, email="zhao@example.com")
    record = pipe(build(subject=f"About {earlier.reference}"))

    body = agent_client.get(page(record.ticket)).content.decode()

    assert earlier.reference in body
    assert f"Merge into {earlier.reference}" not in body
    assert "Another customer's request: it cannot be merged." in body


def test_an_agent_cannot_merge_a_colleagues_related_request(client, agent, category):
    colleague = staff_user("agent")
    earlier = TicketFactory(category=category, email="wang@example.com")
    earlier.assignee = colleague
    earlier.save()
    record = pipe(build(subject=f"About {earlier.reference}"))
    client.force_login(agent)

    body = client.get(page(record.ticket)).content.decode()

    assert f"Merge into {earlier.reference}" not in body


def test_held_mail_of_a_closed_request_cannot_be_accepted(agent, category):
    ticket = TicketFactory(category=category, email="wang@example.com")
    record = held_mail(ticket)
    services.ticket_set_status(ticket=ticket, status=Ticket.Status.CLOSED, by=agent)

    with pytest.raises(ValidationError):
        agents.held_email_accept(inbound=record, by=agent)

    assert TicketMessage.objects.get(pk=record.ticket_message_id).internal
