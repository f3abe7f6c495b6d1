import time

import pytest
from django.contrib.auth import get_user_model

from accounts.models import WalletIdentity
from accounts.selectors import wallet_user_for
from tests.api.conftest import bearer, sign_identity
from tests.chat.factories import ConversationFactory, PresenceFactory
from tests.factories import staff_user
from tests.tickets.factories import TicketFactory

pytestmark = pytest.mark.django_db


def _exchange(api, identity: str, **extra):
    return api.post("/api/v1/identity/exchange", {"identity": identity, **extra}, format="json")


def test_a_valid_identity_gives_a_token_for_that_wallet_user(api):
    response = _exchange(api, sign_identity(sub="w-7", email="zhao@example.com"))

    assert response.status_code == 200
    body = response.json()
    assert body["customer"]["wallet_user_id"] == "w-7"
    assert body["token"].startswith("hcc_")
    me = api.get("/api/v1/me", **bearer(body["token"]))
    assert me.json()["email"] == "zhao@example.com"


def test_the_wallet_user_is_stored_for_the_account(api):
    _exchange(api, sign_identity(sub="w-8", email="qian@example.com", phone="+8613911112222"))

    user = get_user_model().objects.get(email="qian@example.com")
    assert wallet_user_for(user).wallet_user_id == "w-8"
    assert wallet_user_for(user).phone == "+8613911112222"
    assert not user.has_usable_password()


def test_a_forged_identity_is_refused(api):
    forged = sign_identity(secret="not-the-wallet-secret-but-long-enough-000")

    response = _exchange(api, forged)

    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["reason"] == "invalid"
    assert not WalletIdentity.objects.exists()


def test_an_expired_identity_is_refused(api):
    response = _exchange(api, sign_identity(exp=int(time.time()) - 120))

    assert response.status_code == 401
    assert response.json()["reason"] == "expired"
    assert "expired" in response.json()["detail"]


def test_an_identity_valid_for_longer_than_five_minutes_is_refused(api):
    response = _exchange(api, sign_identity(lifetime=3600))

    assert response.status_code == 401
    assert response.json()["reason"] == "too_long_lived"


def test_a_replayed_identity_is_refused(api):
    identity = sign_identity()
    assert _exchange(api, identity).status_code == 200

    response = _exchange(api, identity)

    assert response.status_code == 409
    assert response.json()["reason"] == "replayed"


def test_the_refusal_is_in_the_callers_language(api):
    response = api.post(
        "/api/v1/identity/exchange",
        {"identity": sign_identity(exp=int(time.time()) - 120)},
        format="json",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )

    assert response.json()["detail"] == "签名身份已过期，请向钱包重新获取。"


def test_the_exchange_is_refused_without_a_configured_secret(api, settings):
    settings.WALLET_IDENTITY_SECRET = ""

    response = _exchange(api, sign_identity())

    assert response.status_code == 503
    assert response.json()["reason"] == "not_configured"


def test_earlier_guest_requests_with_that_email_join_the_wallet_users_list(api, topic):
    guest = TicketFactory(category=topic, email="Sun.Li@example.com")

    token = _exchange(api, sign_identity(email="sun.li@example.com")).json()["token"]

    listed = api.get("/api/v1/tickets", **bearer(token)).json()["results"]
    assert [t["reference"] for t in listed] == [guest.reference]


def test_a_wallet_user_sees_no_one_elses_requests(api, topic):
    TicketFactory(category=topic, email="someone.else@example.com")
    other = TicketFactory(category=topic, email="third@example.com")

    token = _exchange(api, sign_identity(email="mine@example.com")).json()["token"]

    assert api.get("/api/v1/tickets", **bearer(token)).json()["results"] == []
    assert api.get(f"/api/v1/tickets/{other.reference}", **bearer(token)).status_code == 404


def test_a_wallet_user_sees_the_same_requests_on_the_web_and_in_the_app(api, client, topic):
    TicketFactory(category=topic, email="both@example.com")
    token = _exchange(api, sign_identity(sub="w-9", email="both@example.com")).json()["token"]
    client.get("/api/v1/schema/")  # any page: the CSRF cookie is set by the exchange call below
    web = client.post(
        "/api/v1/identity/exchange",
        {"identity": sign_identity(sub="w-9", email="both@example.com"), "mode": "session"},
        content_type="application/json",
    )
    assert web.status_code == 200, web.content

    from_app = api.get("/api/v1/tickets", **bearer(token)).json()["results"]
    from_web = client.get("/en/requests/mine/")
    assert len(from_app) == 1
    assert from_app[0]["reference"] in from_web.content.decode()


def test_a_staff_email_is_never_signed_in_by_a_wallet_identity(api, agent):
    response = _exchange(api, sign_identity(email=agent.email))

    assert response.status_code == 409
    assert response.json()["reason"] == "conflict"


def test_earlier_guest_chats_with_that_email_join_the_wallet_users_chats(api):
    PresenceFactory(user=staff_user("agent"))
    guest = ConversationFactory(email="Guest.Chat@example.com")

    token = _exchange(api, sign_identity(email="guest.chat@example.com")).json()["token"]

    listed = api.get("/api/v1/chat/conversations", **bearer(token)).json()["conversations"]
    assert [c["id"] for c in listed] == [guest.pk]
