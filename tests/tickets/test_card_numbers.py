"""Card numbers typed into the request form or a reply are stored masked to their last four
digits, and the customer is told so on the page that follows."""

import pytest

from tests.tickets.factories import TicketFactory
from tests.tickets.test_create_view import form_data
from tickets import access, services
from tickets.models import Ticket

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_open_rate_limits")]


def test_a_card_number_in_the_request_form_is_stored_masked(client, category):
    data = form_data(category, description="Charged twice on card 4111-1111-1111-1111 today")

    response = client.post("/en/requests/new/", data, follow=True)

    ticket = Ticket.objects.get()
    assert ticket.messages.get().body == "Charged twice on card **** 1111 today"
    assert "For your safety we hid the card number" in response.content.decode()


def test_a_card_number_in_a_portal_reply_is_stored_masked_with_a_note(client, category):
    ticket = TicketFactory(category=category, language="zh-hans")
    url = access.portal_url(ticket, absolute=False)

    response = client.post(f"{url}reply/", {"body": "卡号 5500 0000 0000 0004"}, follow=True)

    assert ticket.messages.last().body == "卡号 **** 0004"
    assert "为了您的安全，我们已隐藏消息中的银行卡号" in response.content.decode()


def test_an_agent_reply_is_masked_too(category, agent):
    ticket = TicketFactory(category=category)

    message = services.ticket_reply(ticket=ticket, author=agent, body="Card 4111111111111111?")

    message.refresh_from_db()
    assert message.body == "Card **** 1111?"


def test_a_reply_without_a_card_number_is_kept_as_written(category, agent):
    ticket = TicketFactory(category=category)

    message = services.ticket_reply(ticket=ticket, author=agent, body="TXN-20261122-0003")

    assert (message.body, message.card_number_hidden) == ("TXN-20261122-0003", False)
