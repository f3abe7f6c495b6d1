"""The chat's JSON API: start, history, access, rating, transcript, leave a message, agents."""

import json

import pytest
from django.test import Client

from chat import access, services
from chat.models import AgentPresence, Conversation, WidgetOrigin
from tests.chat.factories import ConversationFactory, PresenceFactory, TopicFactory
from tests.factories import UserFactory, staff_user

pytestmark = pytest.mark.django_db


def post(client, path, data=None, **headers):
    return client.post(
        path, data=json.dumps(data or {}), content_type="application/json", headers=headers
    )


def token_headers(conversation) -> dict[str, str]:
    return {"X-Chat-Token": access.conversation_token(conversation)}


def start_form(topic) -> dict:
    return {
        "name": "Li Wei",
        "email": "li@example.com",
        "topic": topic.slug,
        "message": "My withdrawal is missing",
        "client_id": "first-1",
        "language": "zh-hans",
    }


def test_starting_a_chat_returns_the_conversation_and_a_token_for_the_socket(client, online_agent):
    response = post(client, "/api/chat/conversations", start_form(TopicFactory()))

    body = response.json()
    assert response.status_code == 201
    conversation_id = body["conversation"]["id"]
    with_token = Client().get(
        f"/api/chat/conversations/{conversation_id}", headers={"X-Chat-Token": body["token"]}
    )
    assert with_token.status_code == 200
    assert body["ws_url"] == f"/ws/chat/{conversation_id}/"
    assert Conversation.objects.get(pk=conversation_id).agent == online_agent


def test_starting_a_chat_with_no_agent_online_answers_409(client):
    response = post(client, "/api/chat/conversations", start_form(TopicFactory()))

    assert (response.status_code, response.json()["error"]) == (409, "no_agent_available")


def test_an_invalid_pre_chat_form_lists_the_fields(client, online_agent):
    response = post(client, "/api/chat/conversations", {"name": "", "message": ""})

    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"name", "message"}


def test_the_session_that_started_a_chat_can_read_it_without_the_token(client, online_agent):
    started = post(client, "/api/chat/conversations", start_form(TopicFactory())).json()

    response = client.get(f"/api/chat/conversations/{started['conversation']['id']}")

    assert response.json()["messages"][0]["body"] == "My withdrawal is missing"


def test_customer_a_cannot_read_customer_bs_conversation(client, online_agent):
    conversation_a = ConversationFactory()
    conversation_b = ConversationFactory()

    response = client.get(
        f"/api/chat/conversations/{conversation_b.pk}", headers=token_headers(conversation_a)
    )

    assert response.status_code == 404


def test_customer_a_cannot_rate_customer_bs_conversation(client, online_agent):
    conversation_a = ConversationFactory()
    conversation_b = ConversationFactory()

    response = post(
        client,
        f"/api/chat/conversations/{conversation_b.pk}/rating",
        {"score": 1},
        **token_headers(conversation_a),
    )

    assert response.status_code == 404
    assert Conversation.objects.get(pk=conversation_b.pk).rating_score is None


def test_the_customer_rates_the_chat_with_a_comment(client, online_agent):
    conversation = ConversationFactory()

    response = post(
        client,
        f"/api/chat/conversations/{conversation.pk}/rating",
        {"score": 5, "comment": "Quick and kind"},
        **token_headers(conversation),
    )

    assert response.json()["conversation"]["rating"] == {"score": 5, "comment": "Quick and kind"}


def test_a_rating_outside_1_to_5_is_refused(client, online_agent):
    conversation = ConversationFactory()

    response = post(
        client,
        f"/api/chat/conversations/{conversation.pk}/rating",
        {"score": 6},
        **token_headers(conversation),
    )

    assert response.status_code == 400


def test_the_customer_can_end_the_chat(client, online_agent):
    conversation = ConversationFactory()

    response = post(
        client, f"/api/chat/conversations/{conversation.pk}/close", **token_headers(conversation)
    )

    assert response.json()["conversation"]["status"] == "closed"


def test_session_calls_without_the_csrf_token_are_refused():
    from django.test import Client

    PresenceFactory(user=staff_user("agent"))
    client = Client(enforce_csrf_checks=True)
    started = post(client, "/api/chat/conversations", start_form(TopicFactory()))

    assert started.status_code == 403


def test_the_widget_header_starts_a_chat_without_the_csrf_cookie():
    # Inside a third-party iframe the browser withholds our cookies; the custom header, which
    # another site cannot send without passing CORS, stands in for the CSRF token.
    from django.test import Client

    PresenceFactory(user=staff_user("agent"))
    client = Client(enforce_csrf_checks=True)
    started = post(
        client,
        "/api/chat/conversations",
        start_form(TopicFactory()),
        **{"X-Chat-Client": "widget"},
    )

    assert started.status_code == 201


def test_leaving_a_message_creates_a_ticket(client):
    topic = TopicFactory()

    response = post(
        client,
        "/api/chat/leave-message",
        {
            "name": "Li Wei",
            "email": "li@example.com",
            "topic": topic.slug,
            "message": "Nobody was online; my top-up is missing.",
            "language": "en",
        },
    )

    from tickets.models import Ticket

    ticket = Ticket.objects.get(reference=response.json()["ticket"]["reference"])
    assert response.status_code == 201
    assert (ticket.source, ticket.category, ticket.customer_email) == (
        "chat",
        topic,
        "li@example.com",
    )


def test_leaving_a_message_from_a_chat_attaches_its_transcript_and_closes_it(client, online_agent):
    conversation = ConversationFactory()

    response = post(
        client,
        "/api/chat/leave-message",
        {
            "name": "Li Wei",
            "email": "li@example.com",
            "message": "Please call me back",
            "conversation": conversation.pk,
        },
        **token_headers(conversation),
    )

    from tickets.models import Ticket

    ticket = Ticket.objects.get(reference=response.json()["ticket"]["reference"])
    description = ticket.messages.first().body
    assert "Please call me back" in description
    assert "My payment failed with error 51." in description
    conversation.refresh_from_db()
    assert (conversation.status, conversation.ticket_reference) == ("closed", ticket.reference)


def test_an_agent_converts_a_conversation_into_a_ticket(client, online_agent):
    conversation = ConversationFactory()
    client.force_login(online_agent)

    response = post(client, f"/api/chat/conversations/{conversation.pk}/convert")

    reference = response.json()["ticket"]["reference"]
    assert response.status_code == 201
    assert Conversation.objects.get(pk=conversation.pk).ticket_reference == reference


def test_a_customer_cannot_use_agent_endpoints(client, online_agent):
    conversation = ConversationFactory()
    client.force_login(UserFactory())

    response = post(client, f"/api/chat/conversations/{conversation.pk}/convert")

    assert response.status_code == 403


def test_agent_status_endpoint_sets_the_status(client):
    agent = staff_user("agent")
    client.force_login(agent)

    response = post(client, "/api/chat/agent/status", {"status": "online"})

    assert response.json()["agent"]["status"] == "online"
    assert AgentPresence.objects.get(user=agent).status == "online"


def test_the_context_shows_previous_chats_and_tickets_of_the_same_customer(client, online_agent):
    from tests.tickets.factories import TicketFactory

    earlier = ConversationFactory(email="same@example.com")
    services.conversation_close(conversation_id=earlier.pk, by_customer=True)
    ticket = TicketFactory(email="same@example.com")
    conversation = ConversationFactory(email="same@example.com")
    client.force_login(online_agent)

    context = client.get(f"/api/chat/conversations/{conversation.pk}/context").json()

    assert [c["id"] for c in context["previous_conversations"]] == [earlier.pk]
    assert [t["reference"] for t in context["tickets"]] == [ticket.reference]
    assert context["customer"]["page_url"] == "http://127.0.0.1/en/payment-failed/"


def test_the_transfer_endpoint_moves_the_chat(client, online_agent):
    conversation = ConversationFactory()
    other = staff_user("agent")
    PresenceFactory(user=other)
    client.force_login(online_agent)

    response = post(
        client,
        f"/api/chat/conversations/{conversation.pk}/transfer",
        {"to_agent": other.pk, "note": "VIP"},
    )

    assert response.json()["conversation"]["agent"]["id"] == other.pk


def test_an_allowed_widget_origin_gets_cors_headers(client):
    WidgetOrigin.objects.create(origin="https://shop.example.com")

    response = client.options(
        "/api/chat/conversations", headers={"Origin": "https://shop.example.com"}
    )

    assert response["Access-Control-Allow-Origin"] == "https://shop.example.com"


def test_a_foreign_origin_gets_no_cors_headers(client):
    response = client.get("/api/chat/availability", headers={"Origin": "https://evil.example"})

    assert "Access-Control-Allow-Origin" not in response
