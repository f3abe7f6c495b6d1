import pytest

from tests.api.conftest import bearer
from tests.tickets.factories import TicketFactory
from tickets.models import Ticket, TicketEvent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_open_rate_limits")]


def test_a_staff_key_searches_every_request_by_email(api, make_key, topic):
    wanted = TicketFactory(category=topic, email="find.me@example.com")
    TicketFactory(category=topic, email="other@example.com")

    response = api.get("/api/v1/staff/tickets?q=find.me@example.com", **bearer(make_key("staff")))

    assert [t["reference"] for t in response.json()["results"]] == [wanted.reference]
    assert response.json()["results"][0]["wallet_user"] is False


def test_a_staff_key_updates_status_priority_and_assignee(api, make_key, topic, agent):
    ticket = TicketFactory(category=topic)

    response = api.patch(
        f"/api/v1/staff/tickets/{ticket.reference}",
        {"priority": "high", "assignee": agent.pk, "status": "pending_customer"},
        format="json",
        **bearer(make_key("staff")),
    )

    assert response.status_code == 200
    ticket.refresh_from_db()
    assert (ticket.priority, ticket.assignee, ticket.status) == ("high", agent, "pending_customer")
    assert TicketEvent.objects.filter(ticket=ticket, kind="priority").exists()


def test_assigning_to_a_customer_is_refused(api, make_key, topic, customer):
    ticket = TicketFactory(category=topic)

    response = api.patch(
        f"/api/v1/staff/tickets/{ticket.reference}",
        {"assignee": customer.pk},
        format="json",
        **bearer(make_key("staff")),
    )

    assert response.status_code == 422
    assert Ticket.objects.get().assignee is None


def test_a_refused_transition_changes_nothing(api, make_key, topic):
    ticket = TicketFactory(category=topic)
    api.patch(
        f"/api/v1/staff/tickets/{ticket.reference}",
        {"status": "closed"},
        format="json",
        **bearer(make_key("staff")),
    )

    response = api.patch(
        f"/api/v1/staff/tickets/{ticket.reference}",
        {"priority": "low", "status": "open"},
        format="json",
        **bearer(make_key("staff")),
    )

    assert response.status_code == 422
    assert Ticket.objects.get().priority == "normal"


def test_customers_cannot_use_staff_endpoints(api, exchange, topic):
    ticket = TicketFactory(category=topic, email="li.na@example.com")

    response = api.get(f"/api/v1/staff/tickets/{ticket.reference}", **bearer(exchange()))

    assert response.status_code == 403


def test_staff_see_a_wallet_users_request_marked(api, make_key, exchange, topic):
    token = exchange(email="wallet.user@example.com")
    api.post(
        "/api/v1/tickets",
        {"topic": topic.pk, "subject": "Card declined", "description": "Declined at the shop."},
        format="json",
        **bearer(token),
    )

    row = api.get("/api/v1/staff/tickets", **bearer(make_key("staff"))).json()["results"][0]

    assert row["wallet_user"] is True
