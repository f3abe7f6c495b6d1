"""The one-tag embed on another company site: the launcher draws its button there and frames the
help center's chat, which only admin-listed sites may do."""

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect

from chat.models import WidgetOrigin
from tests.chat.factories import PresenceFactory, TopicFactory
from tests.factories import staff_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class ShopSite:
    """A page of another company site on loopback, on its own port (so another origin). As
    ``localhost`` browsers see it as another *site* than the help center's ``127.0.0.1``; as
    ``127.0.0.1`` it is the same site, like ``shop.wallet.example`` beside
    ``help.wallet.example``."""

    def __init__(self, help_center_url: str, host: str) -> None:
        page = (
            "<!doctype html><html lang='zh-hans'><head><meta charset='utf-8'><title>Shop</title>"
            "<style>button { color: red; font-family: serif; }</style></head>"
            "<body><h1>Wallet shop</h1>"
            f"<script src='{help_center_url}/zh-hans/chat/loader.js' async></script>"
            "</body></html>"
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
        self.origin = f"http://{host}:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def shop(live_daphne) -> Iterator[ShopSite]:
    site = ShopSite(live_daphne.url, "localhost")
    yield site
    site.stop()


@pytest.fixture
def sister_site(live_daphne) -> Iterator[ShopSite]:
    site = ShopSite(live_daphne.url, "127.0.0.1")
    yield site
    site.stop()


def test_allowed_site_gets_the_launcher_and_the_framed_chat(shop, page_factory):
    WidgetOrigin.objects.create(origin=shop.origin)
    page = page_factory()
    page.goto(f"{shop.origin}/")

    page.get_by_role("button", name="在线咨询").click()

    chat = page.frame_locator("iframe[title='在线客服']")
    expect(chat.get_by_role("heading", name="在线咨询")).to_be_visible()
    assert page.console_errors == []


def test_site_not_listed_by_admins_cannot_frame_the_chat(shop, page_factory):
    page = page_factory()
    page.goto(f"{shop.origin}/")

    with page.expect_console_message(lambda m: "frame-ancestors" in m.text) as refusal:
        page.get_by_role("button", name="在线咨询").click()

    assert "blocked" in refusal.value.text
    chat = page.frame_locator("iframe[title='在线客服']")
    expect(chat.get_by_role("heading", name="在线咨询")).to_have_count(0)


def test_customer_chats_with_an_agent_from_a_sister_site(sister_site, page_factory):
    WidgetOrigin.objects.create(origin=sister_site.origin)
    TopicFactory(slug="top-up", name_en="Top-up", name_zh_hans="充值")
    PresenceFactory(user=staff_user("agent", first_name="Lina"))
    page = page_factory()
    page.goto(f"{sister_site.origin}/")

    page.get_by_role("button", name="在线咨询").click()
    chat = page.frame_locator("iframe[title='在线客服']")
    # The widget has booted (availability read, its handlers wired) before anyone types.
    expect(chat.locator("#chat[data-panel='start']")).to_be_visible()
    start = chat.locator("#chat-start")
    start.get_by_label("您的姓名").fill("李伟")
    start.get_by_label("问题类型").select_option("top-up")
    start.get_by_label("有什么可以帮您？").fill("充值没有到账")
    with page.expect_response(
        lambda r: r.url.endswith("/api/chat/conversations") and r.request.method == "POST"
    ) as started:
        start.get_by_role("button", name="开始咨询").click()
    assert started.value.status == 201, started.value.text()

    # Starting writes the conversation and opens the socket: allow for a loaded machine.
    expect(chat.locator("#chat-subtitle")).to_have_text("Lina 正在为您服务", timeout=15_000)
    expect(chat.locator(".chat-msg--mine .chat-msg__status")).to_have_text("已送达")
    assert page.console_errors == []
