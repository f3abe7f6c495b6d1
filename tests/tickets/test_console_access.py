"""Only agents reach the ticket console: anonymous visitors go to the login page, customers
and staff without a console role get 403, every POST needs its CSRF token."""

import pytest
from django.test import Client

from tests.factories import UserFactory
from tests.tickets.factories import TicketFactory
from tickets.models import Ticket

pytestmark = pytest.mark.django_db

GET_PAGES = ["", "{ref}/", "{ref}/canned/?id=1"]
POST_ACTIONS = [
    ("{ref}/reply/", {"kind": "reply", "body": "hello"}),
    ("{ref}/status/", {"status": "solved"}),
    ("{ref}/priority/", {"priority": "urgent"}),
    ("{ref}/category/", {"category": "1"}),
    ("{ref}/assign/", {"assignee": "me"}),
    ("{ref}/merge/", {"target": "HC-2026-000001"}),
]


@pytest.fixture
def ticket(category):
    return TicketFactory(category=category)


@pytest.fixture
def staff_without_role(db):
    return UserFactory(is_staff=True)


def console(path: str, ticket: Ticket) -> str:
    return "/en/console/tickets/" + path.format(ref=ticket.reference)


@pytest.mark.parametrize("path", GET_PAGES)
def test_anonymous_visitor_is_sent_to_login(client, ticket, path):
    response = client.get(console(path, ticket))

    assert response.status_code == 302
    assert "/account/login/" in response.url


@pytest.mark.parametrize("path", GET_PAGES)
def test_customer_cannot_open_console_pages(client, customer, ticket, path):
    client.force_login(customer)

    response = client.get(console(path, ticket))

    assert response.status_code == 403


@pytest.mark.parametrize("path", GET_PAGES)
def test_staff_without_console_role_cannot_open_console_pages(
    client, staff_without_role, ticket, path
):
    client.force_login(staff_without_role)

    response = client.get(console(path, ticket))

    assert response.status_code == 403


@pytest.mark.parametrize(("path", "data"), POST_ACTIONS)
def test_customer_cannot_post_console_actions(client, customer, ticket, path, data):
    client.force_login(customer)

    response = client.post(console(path, ticket), data)

    ticket.refresh_from_db()
    assert response.status_code == 403
    assert (ticket.status, ticket.assignee_id, ticket.messages.count()) == ("new", None, 1)


@pytest.mark.parametrize(("path", "data"), POST_ACTIONS)
def test_anonymous_visitor_cannot_post_console_actions(client, ticket, path, data):
    response = client.post(console(path, ticket), data)

    ticket.refresh_from_db()
    assert response.status_code == 302
    assert (ticket.status, ticket.assignee_id, ticket.messages.count()) == ("new", None, 1)


@pytest.mark.parametrize(("path", "data"), POST_ACTIONS)
def test_console_actions_need_the_csrf_token(agent, ticket, path, data):
    client = Client(enforce_csrf_checks=True)
    client.force_login(agent)

    response = client.post(console(path, ticket), data)

    ticket.refresh_from_db()
    assert response.status_code == 403
    assert (ticket.status, ticket.assignee_id, ticket.messages.count()) == ("new", None, 1)


def test_unknown_reference_is_not_found(client, agent, ticket):
    client.force_login(agent)

    response = client.get("/en/console/tickets/HC-2026-999999/")

    assert response.status_code == 404


def test_actions_refuse_get(client, agent, ticket):
    client.force_login(agent)

    response = client.get(console("{ref}/status/", ticket))

    assert response.status_code == 405
