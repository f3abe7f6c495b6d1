"""Known customers in the browser: a page that embeds the chat with the wallet's signed identity
starts a chat that agents see as that wallet user."""

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect

from chat.models import Conversation, WidgetOrigin
from tests.api.conftest import WALLET_SECRET, sign_identity
from tests.chat.factories import PresenceFactory, TopicFactory
from tests.factories import staff_user
from tests.waiting import wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class WalletSite:
    """A page of the wallet's web site (another origin on the same site, 127.0.0.1) that embeds
    the launcher with a signed identity of its signed-in user."""

    def __init__(self, help_center_url: str, identity: str) -> None:
        page = (
            "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Wallet</title>"
            "</head><body><h1>My wallet</h1>"
            f"<script src='{help_center_url}/en/chat/loader.js' data-identity='{identity}' async>"
            "</script></body></html>"
        ).encode()

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write(page)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def help_center(start_daphne):
    return start_daphne(WALLET_IDENTITY_SECRET=WALLET_SECRET)


@pytest.fixture
def wallet_site(help_center) -> Iterator[WalletSite]:
    identity = sign_identity(sub="w-2048", email="zhou.min@example.com", name="Zhou Min")
    site = WalletSite(help_center.url, identity)
    yield site
    site.stop()


def test_an_embedded_chat_with_a_signed_identity_is_the_wallet_users(
    help_center, wallet_site, page_factory
):
    WidgetOrigin.objects.create(origin=wallet_site.origin)
    TopicFactory(slug="top-up", name_en="Top-up", name_zh_hans="充值")
    agent = staff_user("agent", first_name="Lina")
    PresenceFactory(user=agent)
    page = page_factory()
    page.goto(f"{wallet_site.origin}/")

    page.get_by_role("button", name="Chat with us").click()
    chat = page.frame_locator("iframe[title='Live chat']")
    start = chat.locator("#chat-start")
    # The identity was exchanged: the wallet's name for the user is filled in.
    expect(start.get_by_label("Your name")).to_have_value("Zhou Min")
    start.get_by_label("Topic").select_option("top-up")
    start.get_by_label("How can we help?").fill("My top-up has not arrived")
    start.get_by_role("button", name="Start chat").click()
    expect(chat.locator("#chat-subtitle")).to_have_text(
        "You are chatting with Lina", timeout=15_000
    )

    wait_until(Conversation.objects.exists, timeout=10, what="the conversation")
    conversation = Conversation.objects.select_related("customer").get()
    assert conversation.customer.email == "zhou.min@example.com"
    agent_page = page_factory()
    agent_page.goto(f"{help_center.url}/en/account/login/?next=/en/console/chat/")
    agent_page.locator("input[name=username]").fill(agent.username)
    agent_page.get_by_label("Password").fill("pass-word-123")
    agent_page.locator("main form button[type=submit]").click()
    agent_page.wait_for_url("**/en/console/chat/")
    agent_page.get_by_role("tab", name="Zhou Min").click()
    pane = agent_page.get_by_role("tabpanel", name="Zhou Min")
    # At 1280 px the customer context is shown beside the conversation.
    expect(pane.locator("[data-f='ctx-account']")).to_have_text("Wallet user, signed in")
    assert page.console_errors == []
