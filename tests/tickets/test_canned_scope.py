"""Canned responses have a scope (chats, tickets or both): saving refuses a placeholder the
scope cannot fill, and each console offers only the responses for its kind of conversation."""

import pytest

from tests.factories import staff_user
from tests.tickets.factories import CannedResponseFactory, TicketFactory
from tickets.models import CannedResponse

pytestmark = pytest.mark.django_db
Scope = CannedResponse.Scope


@pytest.fixture
def responses(db):
    return {
        "tickets": CannedResponseFactory(title_en="About your request", scope=Scope.TICKETS),
        "chats": CannedResponseFactory(
            title_en="One moment",
            body_en="One moment please, {customer_name}.",
            body_zh_hans="{customer_name}，请稍等。",
            scope=Scope.CHATS,
        ),
        "both": CannedResponseFactory(
            title_en="Greeting",
            body_en="Hello {customer_name}, this is {agent_name}.",
            body_zh_hans="{customer_name}，您好！我是{agent_name}。",
            scope=Scope.BOTH,
        ),
    }


def _admin_add(client, **fields):
    client.force_login(staff_user("admin"))
    data = {
        "title_zh_hans": "问候",
        "title_en": "Greeting",
        "body_zh_hans": "{customer_name}，您好！",
        "body_en": "Hello {customer_name}.",
        "scope": Scope.BOTH,
        "position": 0,
        "is_active": "on",
        **fields,
    }
    return client.post("/admin/tickets/cannedresponse/add/", data, HTTP_ACCEPT_LANGUAGE="en")


def test_admin_refuses_a_reference_in_a_response_for_chats(client):
    response = _admin_add(client, body_en="Hello {customer_name}, about {reference}.")

    assert response.status_code == 200
    page = response.content.decode()
    assert "{reference} cannot be filled in here (Chats and tickets)" in page
    assert "Use: {customer_name}, {agent_name}, {category}." in page
    assert not CannedResponse.objects.exists()


def test_admin_refuses_a_misspelt_placeholder_in_chinese_too(client):
    response = _admin_add(client, scope=Scope.TICKETS, body_zh_hans="{custmer_name}，您好！")

    assert "{custmer_name} cannot be filled in here (Tickets only)" in response.content.decode()


def test_the_refusal_is_in_the_admins_language(client):
    client.force_login(staff_user("admin"))
    response = client.post(
        "/admin/tickets/cannedresponse/add/",
        {
            "title_zh_hans": "问候",
            "title_en": "Greeting",
            "body_zh_hans": "{reference}",
            "body_en": "{reference}",
            "scope": Scope.CHATS,
            "position": 0,
        },
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )

    assert "{reference} 在此无法填写（仅在线咨询）" in response.content.decode()
    assert not CannedResponse.objects.exists()


def test_admin_saves_a_reference_in_a_response_for_tickets_only(client):
    response = _admin_add(client, scope=Scope.TICKETS, body_en="About {reference}.")

    assert response.status_code == 302
    assert CannedResponse.objects.get().scope == Scope.TICKETS


def test_the_ticket_page_offers_responses_for_tickets_and_both(client, responses, category):
    client.force_login(staff_user("agent"))
    ticket = TicketFactory(category=category)

    page = client.get(f"/en/console/tickets/{ticket.reference}/")
    offered = page.context["pane"]["canned"]  # the composer's canned menu
    refused = client.get(
        f"/en/console/tickets/{ticket.reference}/canned/", {"id": responses["chats"].pk}
    )

    assert {c["title"] for c in offered} == {"About your request", "Greeting"}
    assert page.content.decode().count("data-canned-text=") == 2
    assert refused.status_code == 404


def test_the_chat_console_offers_responses_for_chats_and_both(client, responses):
    client.force_login(staff_user("agent"))

    canned = client.get("/api/chat/canned", {"language": "en"}).json()["canned"]

    assert sorted(reply["title"] for reply in canned) == ["Greeting", "One moment"]
    assert all("{reference}" not in reply["body"] for reply in canned)
