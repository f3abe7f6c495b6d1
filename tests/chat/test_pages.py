"""The chat's pages: the customer chat (full page and framed), the launcher script, the console."""

import json

import pytest

from chat.models import WidgetOrigin
from tests.chat.factories import TopicFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "heading", "send"),
    [("/en/chat/", "Chat with us", "Start chat"), ("/zh-hans/chat/", "在线咨询", "开始咨询")],
)
def test_chat_page_renders_in_the_page_language(client, path, heading, send):
    response = client.get(path)

    html = response.content.decode()
    assert response.status_code == 200
    assert heading in html
    assert send in html


@pytest.mark.parametrize(
    ("path", "label"), [("/en/chat/", "Payment failed"), ("/zh-hans/chat/", "支付失败")]
)
def test_pre_chat_form_lists_the_active_topics_in_the_page_language(client, path, label):
    TopicFactory(slug="payment-failed", name_en="Payment failed", name_zh_hans="支付失败")
    TopicFactory(slug="hidden-topic", name_en="Hidden topic", is_active=False)

    html = client.get(path).content.decode()

    assert label in html
    assert "Hidden topic" not in html


def test_pre_chat_form_is_prefilled_for_a_signed_in_customer(client, customer):
    client.force_login(customer)

    html = client.get("/en/chat/").content.decode()

    assert f'value="{customer.email}"' in html


def test_chat_strings_reach_the_script_translated(client):
    response = client.get("/zh-hans/chat/")

    strings = json.loads(_json_script(response.content.decode(), "chat-strings"))
    assert strings["sending"] == "发送中…"
    assert "{position}" in strings["queue_position"]


def test_chat_page_sets_the_csrf_cookie_for_the_scripts_api_calls(client):
    response = client.get("/en/chat/")

    assert "csrftoken" in response.cookies


def test_full_chat_page_has_no_launcher_of_its_own(client):
    html = client.get("/en/chat/").content.decode()

    assert "/en/chat/loader.js" not in html


@pytest.mark.parametrize("path", ["/en/", "/zh-hans/", "/en/requests/new/"])
def test_public_pages_load_the_chat_launcher_for_their_language(client, path):
    html = client.get(path).content.decode()

    language = path.split("/")[1]
    assert f'<script src="/{language}/chat/loader.js" async></script>' in html


@pytest.mark.parametrize(
    ("path", "label"),
    [("/en/chat/loader.js", "Chat with us"), ("/zh-hans/chat/loader.js", "在线咨询")],
)
def test_loader_script_carries_the_translated_button_label(client, path, label):
    response = client.get(path)

    assert response["Content-Type"].startswith("text/javascript")
    assert label in response.content.decode()
    assert "/chat/embed/" in response.content.decode()


def test_embedded_chat_may_be_framed_by_our_pages_and_allowed_sites_only(client):
    WidgetOrigin.objects.create(origin="https://shop.wallet.example")
    WidgetOrigin.objects.create(origin="https://old.wallet.example", is_active=False)

    response = client.get("/en/chat/embed/")

    assert "X-Frame-Options" not in response
    policy = response["Content-Security-Policy"]
    assert "frame-ancestors 'self' https://shop.wallet.example;" in f"{policy};"


def test_other_pages_still_refuse_to_be_framed(client):
    response = client.get("/en/chat/")

    assert response["X-Frame-Options"] == "DENY"


def test_console_sends_anonymous_visitors_to_sign_in(client):
    response = client.get("/en/console/chat/")

    assert response.status_code == 302
    assert "/account/login/" in response["Location"]


def test_console_is_closed_to_customers(client, customer):
    client.force_login(customer)

    response = client.get("/en/console/chat/")

    assert response.status_code == 403


@pytest.mark.parametrize(
    ("path", "label"), [("/en/console/chat/", "Waiting"), ("/zh-hans/console/chat/", "排队中")]
)
def test_console_renders_for_agents_in_both_languages(client, agent, path, label):
    client.force_login(agent)

    response = client.get(path)

    html = response.content.decode()
    assert response.status_code == 200
    assert label in html
    assert 'aria-current="page"' in html  # the "Live chat" console section is marked


def test_console_config_points_the_script_at_the_agent_socket_and_sound(client, agent):
    client.force_login(agent)

    response = client.get("/en/console/chat/")

    config = json.loads(_json_script(response.content.decode(), "cc-config"))
    assert config["socket"] == "/ws/agent/"
    assert config["sound"].endswith(".wav")


def _json_script(html: str, element_id: str) -> str:
    start = html.index(f'<script id="{element_id}" type="application/json">')
    start = html.index(">", start) + 1
    return html[start : html.index("</script>", start)]
