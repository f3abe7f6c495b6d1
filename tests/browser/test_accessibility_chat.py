"""The full-page chat (and the bare page a wallet app opens in its webview) on a phone: one
screen, only the message list scrolls, and the composer stays usable when the on-screen
keyboard takes half the screen (emulated by shrinking the viewport after load, as
``interactive-widget=resizes-content`` makes Chrome on Android do)."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_accessibility import off_the_browser_thread
from tests.chat.factories import PresenceFactory, TopicFactory
from tests.factories import staff_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGE_SCROLLS = "() => document.scrollingElement.scrollHeight > window.innerHeight"


def agent_online_and_a_topic() -> None:
    TopicFactory(slug="withdrawal", name_en="Withdrawal", name_zh_hans="提现")
    PresenceFactory(user=staff_user("agent", first_name="Lina"))


def start_chat(page: Page, url: str) -> None:
    page.goto(url)
    start = page.locator("#chat-start")
    expect(page.locator("#chat[data-panel='start']")).to_be_visible()
    start.get_by_label("Your name").fill("Li Wei")
    start.get_by_label("Topic").select_option("withdrawal")
    start.get_by_label("How can we help?").fill("My withdrawal has not arrived")
    start.get_by_role("button", name="Start chat").click()
    expect(page.locator("#chat-log")).to_contain_text("My withdrawal has not arrived")


@pytest.mark.parametrize("path", ["/en/chat/", "/en/chat/embed/"])
def test_send_button_stays_on_screen_and_works_with_the_keyboard_open(
    live_daphne, page_factory, path
):
    off_the_browser_thread(agent_online_and_a_topic)
    page = page_factory(viewport={"width": 360, "height": 640})
    start_chat(page, live_daphne.url + path)

    page.set_viewport_size({"width": 360, "height": 320})
    send = page.locator("#chat-composer").get_by_role("button", name="Send")
    expect(send).to_be_in_viewport(ratio=1)
    page.locator("#chat-input").fill("The reference is W-2026-1130")
    send.click()

    expect(page.locator("#chat-log")).to_contain_text("The reference is W-2026-1130")
    expect(send).to_be_in_viewport(ratio=1)
    assert page.evaluate(PAGE_SCROLLS) is False


@pytest.mark.parametrize(
    "viewport", [{"width": 360, "height": 640}, {"width": 1280, "height": 800}], ids=["360", "1280"]
)
def test_full_page_chat_is_one_screen_with_the_composer_in_view(
    live_daphne, page_factory, viewport
):
    off_the_browser_thread(agent_online_and_a_topic)
    page = page_factory(viewport=viewport)

    start_chat(page, live_daphne.url + "/en/chat/")

    expect(page.locator("#chat-composer")).to_be_in_viewport(ratio=1)
    assert page.evaluate(PAGE_SCROLLS) is False
