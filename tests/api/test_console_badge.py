import pytest

from tests.api.conftest import bearer
from tests.tickets.factories import TicketFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_open_rate_limits")]


def test_agents_see_a_wallet_users_request_marked_signed_in(api, client, exchange, topic, agent):
    token = exchange(email="known@example.com")
    reference = api.post(
        "/api/v1/tickets",
        {"topic": topic.pk, "subject": "Refund", "description": "Where is my refund, please?"},
        format="json",
        **bearer(token),
    ).json()["reference"]
    client.force_login(agent)

    page = client.get(f"/en/console/tickets/{reference}/").content.decode()

    assert "Wallet user, signed in" in page


def test_agents_see_a_guest_request_as_a_guest(client, topic, agent):
    ticket = TicketFactory(category=topic)
    client.force_login(agent)

    page = client.get(f"/en/console/tickets/{ticket.reference}/").content.decode()

    assert "Wallet user, signed in" not in page
    assert "Guest" in page


def test_the_chat_context_tells_agents_about_a_wallet_user(api, client, exchange, agent):
    from tests.chat.factories import PresenceFactory

    PresenceFactory(user=agent)
    token = exchange(email="chatty@example.com")
    conversation = api.post(
        "/api/v1/chat/conversations", {"message": "Hello"}, format="json", **bearer(token)
    ).json()["conversation"]
    client.force_login(agent)

    context = client.get(f"/api/chat/conversations/{conversation['id']}/context").json()

    assert context["customer"]["wallet_user"] is True


def test_the_inbox_marks_a_wallet_users_row_signed_in(api, client, exchange, topic, agent):
    token = exchange(email="inbox.known@example.com")
    reference = api.post(
        "/api/v1/tickets",
        {"topic": topic.pk, "subject": "Refund", "description": "Where is my refund, please?"},
        format="json",
        **bearer(token),
    ).json()["reference"]
    client.force_login(agent)

    response = client.get("/en/console/?view=open")

    row = next(r for r in response.context["rows"] if r.key == f"ticket-{reference}")
    assert row.wallet_user is True
    assert "Wallet user, signed in" in response.content.decode()


def test_the_inbox_marks_a_guests_row_as_a_guest(client, topic, agent):
    ticket = TicketFactory(category=topic)
    client.force_login(agent)

    response = client.get("/en/console/?view=open")

    row = next(r for r in response.context["rows"] if r.key == f"ticket-{ticket.reference}")
    assert row.wallet_user is False
    html = response.content.decode()
    assert "ib-row__who--guest" in html
    assert "Wallet user, signed in" not in html


def test_the_chat_context_tells_agents_about_a_guest(client, agent):
    from tests.chat.factories import ConversationFactory, PresenceFactory

    PresenceFactory(user=agent)
    conversation = ConversationFactory()
    client.force_login(agent)

    context = client.get(f"/api/chat/conversations/{conversation.pk}/context").json()

    assert context["customer"]["wallet_user"] is False
    assert context["customer"]["is_registered"] is False
