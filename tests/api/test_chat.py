import pytest

from chat.models import Conversation
from tests.api.conftest import bearer
from tests.chat.factories import PresenceFactory
from tests.factories import staff_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_open_rate_limits")]


@pytest.fixture
def online_agent(db):
    user = staff_user("agent")
    PresenceFactory(user=user)
    return user


def test_a_wallet_user_starts_a_chat_and_gets_its_socket_and_token(api, exchange, online_agent):
    token = exchange(email="chat.user@example.com", name="Chen Jie")

    response = api.post(
        "/api/v1/chat/conversations",
        {"message": "My payment failed twice."},
        format="json",
        **bearer(token),
    )

    assert response.status_code == 201
    body = response.json()
    assert body["ws_url"].endswith(f"/ws/chat/{body['conversation']['id']}/")
    assert body["token"]
    conversation = Conversation.objects.get()
    assert conversation.customer.email == "chat.user@example.com"
    assert conversation.customer_name == "Chen Jie"


def test_the_history_holds_the_messages(api, exchange, online_agent):
    token = exchange()
    started = api.post(
        "/api/v1/chat/conversations", {"message": "Hello"}, format="json", **bearer(token)
    ).json()

    history = api.get(
        f"/api/v1/chat/conversations/{started['conversation']['id']}", **bearer(token)
    ).json()

    assert history["messages"][0]["body"] == "Hello"
    listed = api.get("/api/v1/chat/conversations", **bearer(token)).json()["conversations"]
    assert [c["id"] for c in listed] == [started["conversation"]["id"]]


def test_another_customers_chat_is_not_found(api, exchange, online_agent):
    mine = exchange(sub="w-a", email="a@example.com")
    theirs = exchange(sub="w-b", email="b@example.com")
    started = api.post(
        "/api/v1/chat/conversations", {"message": "Hi"}, format="json", **bearer(theirs)
    ).json()

    response = api.get(
        f"/api/v1/chat/conversations/{started['conversation']['id']}", **bearer(mine)
    )

    assert response.status_code == 404


def test_without_agents_the_problem_says_to_leave_a_request(api, exchange):
    response = api.post(
        "/api/v1/chat/conversations", {"message": "Anyone?"}, format="json", **bearer(exchange())
    )

    assert response.status_code == 409
    assert response.json()["type"] == "urn:helpcenter:problem:no_agent_available"
