"""Agents see the customer's rating: of this request, and of their other requests."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tests.tickets.factories import TicketFactory
from tickets import access, services
from tickets.console_selectors import ticket_rating
from tickets.models import SatisfactionRating, Ticket

pytestmark = pytest.mark.django_db


def solved_and_rated(ticket, agent, score: int, comment: str = "") -> None:
    services.ticket_set_status(ticket=ticket, status=Ticket.Status.SOLVED, by=agent)
    services.ticket_rate(ticket=ticket, score=score, comment=comment)


def test_the_ticket_page_shows_its_rating_and_the_customers_earlier_ones(client, category, agent):
    earlier = TicketFactory(category=category, email="wang@example.com")
    solved_and_rated(earlier, agent, 2)
    ticket = TicketFactory(category=category, email="wang@example.com")
    solved_and_rated(ticket, agent, 5, "Quick and kind")
    client.force_login(agent)

    with translation.override("en"):
        url = reverse("tickets_console:detail", args=[ticket.reference])
    page = client.get(url).content.decode()

    assert "5 of 5" in page
    assert "Quick and kind" in page
    assert "2 of 5" in page


def test_an_unrated_request_says_so(client, category, agent):
    ticket = TicketFactory(category=category)
    client.force_login(agent)

    with translation.override("en"):
        url = reverse("tickets_console:detail", args=[ticket.reference])
    page = client.get(url).content.decode()

    assert "Not rated yet" in page


@pytest.mark.parametrize("rated", [True, False])
def test_the_rating_read_with_the_ticket_equals_its_own_query(category, agent, rated):
    ticket = TicketFactory(category=category)
    if rated:
        solved_and_rated(ticket, agent, 4, "Fine")
    found = access.ticket_get_for(agent, ticket.reference)

    with CaptureQueriesContext(connection) as queries:
        kept = ticket_rating(found)

    assert kept == SatisfactionRating.objects.filter(ticket=ticket).first()
    assert len(queries.captured_queries) == 0


def test_a_rating_given_after_an_unrated_read_shows_on_the_next_read(category, agent):
    ticket = TicketFactory(category=category)
    access.ticket_get_for(agent, ticket.reference)
    solved_and_rated(ticket, agent, 3)

    after = access.ticket_get_for(agent, ticket.reference)

    assert ticket_rating(after).score == 3
    assert ticket_rating(Ticket.objects.get(pk=ticket.pk)).score == 3
