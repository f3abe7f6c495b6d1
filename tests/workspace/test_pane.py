"""The conversation pane: the full page and the fragment render the same conversation, access
checks, one-click properties, "send and set status" in one transaction, and a number of queries
that does not grow with the thread or the customer's history."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.chat.factories import ConversationFactory, PresenceFactory
from tests.factories import staff_user
from tests.tickets.factories import CannedResponseFactory, TicketFactory
from tickets import services
from tickets.models import CannedResponse, Ticket, TicketMessage

pytestmark = pytest.mark.django_db

PANE = {"HTTP_X_PANE": "1"}


def pane_html(response) -> str:
    """The pane element of a page or fragment (from its opening tag to its end)."""
    html = response.content.decode()
    start = html.index('<article class="wp"')
    return html[start : html.index("</article>", start) + len("</article>")]


def test_the_full_page_and_the_fragment_render_the_same_ticket_pane(client, category, agent):
    ticket = TicketFactory(category=category, subject="Top-up missing")
    services.ticket_reply(ticket=ticket, author=agent, body="Checking it.", internal=True)
    client.force_login(agent)

    page = client.get(reverse("workspace:ticket", args=[ticket.reference]) + "?view=open")
    fragment = client.get(reverse("workspace:ticket-pane", args=[ticket.reference]) + "?view=open")

    assert page.status_code == fragment.status_code == 200
    assert "ib-rows" in page.content.decode()  # the list beside it
    assert "ib-rows" not in fragment.content.decode()
    assert pane_html(page) == pane_html(fragment)
    assert "Top-up missing" in pane_html(page)
    assert "Checking it." in pane_html(page)

