"""The live chat end to end in two real browsers against a real daphne: a customer in the
launcher's widget, an agent in the console."""

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import connection
from playwright.sync_api import expect

from chat.models import Conversation, Message
from tests.chat.factories import ConversationFactory, PresenceFactory, TopicFactory
from tests.factories import staff_user
from tests.tickets.factories import png_bytes
from tickets.models import Ticket

# transaction=True: the daphne subprocess must see the rows (and the role groups put back by
# tests/chat/conftest.py after a previous test's flush).
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "agent-pass-2026"


def off_the_browser_thread(setup: Callable[[], Any]) -> Any:
    """Run ``setup`` in another thread: Playwright's sync API keeps an event loop running in
    this one, where the services' after-commit broadcasts (async_to_sync) cannot run."""

    def run() -> Any:
        try:
            return setup()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


def lina_at_capacity() -> None:
    """Lina is online with room for one chat and already has one, so the next chat waits in
    the queue until she accepts it."""
    TopicFactory(slug="payment-failed", name_en="Payment failed", name_zh_hans="支付失败")
    agent = staff_user("agent", username="lina", first_name="Lina", password=PASSWORD)
    PresenceFactory(user=agent, capacity=1)
    ConversationFactory()


def agent_online_and_a_topic() -> None:
    TopicFactory(slug="withdrawal", name_en="Withdrawal", name_zh_hans="提现")
    PresenceFactory(user=staff_user("agent", first_name="Lina"))


def sign_in(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/en/account/login/?next=/en/console/chat/")
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("input[name=username]").fill(username)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/en/console/chat/")


def test_customer_and_agent_chat_through_the_widget_and_the_console(live_daphne, page_factory):
    off_the_browser_thread(lina_at_capacity)
    console = page_factory()
    sign_in(console, live_daphne.url, "lina")
    expect(console.locator("#cc-conn")).to_have_attribute("data-state", "open")

    customer = page_factory()
    customer.goto(f"{live_daphne.url}/en/")
    customer.get_by_role("button", name="Chat with us").click()
    chat = customer.frame_locator("iframe[title='Live chat']")
    start = chat.locator("#chat-start")
    # The widget has booted (availability read, start panel chosen) before anyone types: a CI
    # run once lost the name typed while it was still booting.
    expect(chat.locator("#chat[data-panel='start']")).to_be_visible()
    start.get_by_label("Your name").fill("Li Wei")
    start.get_by_label("Topic").select_option("payment-failed")
    start.get_by_label("How can we help?").fill("My payment failed with error 51")
    expect(start.get_by_label("Your name")).to_have_value("Li Wei")
    start.get_by_role("button", name="Start chat").click()
    expect(chat.locator("[data-queue]")).to_contain_text(
        "You are next in the queue.", timeout=15_000
    )

    waiting = console.locator("#cc-queue li", has_text="Li Wei")
    waiting.get_by_role("button", name="Accept").click()
    expect(chat.locator("#chat-subtitle")).to_have_text("You are chatting with Lina")
    expect(chat.locator("#chat-log")).to_contain_text("Lina joined the chat.")

    pane = console.get_by_role("tabpanel", name="Li Wei")
    pane.get_by_label("Reply").fill("Let me check that for you.")
    pane.get_by_label("Reply").press("Enter")
    expect(chat.locator(".chat-msg--theirs")).to_contain_text("Let me check that for you.")
    chat.get_by_label("Type your message").fill("Thanks, see https://example.com/receipt")
    chat.get_by_role("button", name="Send").click()
    expect(pane.locator(".chat-msg--theirs").last).to_contain_text("Thanks, see")
    expect(pane.get_by_role("link", name="https://example.com/receipt")).to_have_attribute(
        "rel", "noopener noreferrer nofollow"
    )

    customer.reload()
    chat = customer.frame_locator("iframe[title='Live chat']")
    log = chat.locator("#chat-log")
    expect(log.locator(".chat-msg")).to_have_count(4)
    expect(log).to_contain_text("My payment failed with error 51")
    expect(log).to_contain_text("Let me check that for you.")
    expect(log).to_contain_text("Thanks, see https://example.com/receipt")

    picture = {"name": "receipt.png", "mimeType": "image/png", "buffer": png_bytes((40, 30))}
    chat.locator("#chat-file").set_input_files(files=[picture])
    # Loaded through the permission-checked download (the token for the customer, the session
    # for the agent): a broken image has no natural width.
    expect(pane.locator(".chat-file--image img[alt='receipt.png']")).to_have_js_property(
        "naturalWidth", 40
    )
    expect(log.locator(".chat-file--image img")).to_have_js_property("naturalWidth", 40)

    pane.get_by_role("button", name="Close chat").click()
    asked = console.get_by_role("dialog", name="Close this conversation?")
    expect(asked.get_by_role("button", name="Cancel")).to_be_focused()
    asked.get_by_role("button", name="Close conversation").click()
    chat.locator("label[for=chat-score-5]").click()
    chat.get_by_label("Comment (optional)").fill("Quick and kind")
    chat.get_by_role("button", name="Send rating").click()
    expect(chat.get_by_text("Thank you for your feedback.")).to_be_visible()
    chat.get_by_label("E-mail me the transcript").fill("li.wei@example.com")
    chat.get_by_role("button", name="Send transcript").click()
    expect(chat.get_by_text("The transcript is on its way to your inbox.")).to_be_visible()

    rated = Conversation.objects.get(customer_name="Li Wei")
    assert (rated.rating_score, rated.rating_comment) == (5, "Quick and kind")
    assert customer.console_errors == []
    assert console.console_errors == []


def test_with_no_agent_online_the_widget_takes_a_message_that_becomes_a_request(
    live_daphne, page_factory
):
    off_the_browser_thread(
        lambda: TopicFactory(slug="top-up", name_en="Top-up", name_zh_hans="充值")
    )
    customer = page_factory()
    customer.goto(f"{live_daphne.url}/en/")

    customer.get_by_role("button", name="Chat with us").click()
    leave = customer.frame_locator("iframe[title='Live chat']").locator("#chat-leave")
    expect(leave).to_contain_text("No agent is available right now.")
    leave.get_by_label("Your name").fill("Wang Fang")
    leave.get_by_label("E-mail").fill("wang@example.com")
    leave.get_by_label("Topic").select_option("top-up")
    leave.get_by_label("Your message").fill("My top-up of 200 yuan has not arrived.")
    leave.get_by_role("button", name="Send message").click()

    done = customer.frame_locator("iframe[title='Live chat']").locator("[data-left-text]")
    expect(done).to_contain_text("We created request", timeout=15_000)
    ticket = Ticket.objects.get(customer_email="wang@example.com")
    assert ticket.reference in done.inner_text()
    assert customer.console_errors == []


def test_widget_reconnects_after_a_server_restart_and_sends_what_was_typed_meanwhile(
    start_daphne, page_factory
):
    off_the_browser_thread(agent_online_and_a_topic)
    server = start_daphne()
    customer = page_factory()
    customer.goto(f"{server.url}/en/chat/")
    start = customer.locator("#chat-start")
    start.get_by_label("Your name").fill("Zhao Lei")
    start.get_by_label("Topic").select_option("withdrawal")
    start.get_by_label("How can we help?").fill("Where is my withdrawal?")
    start.get_by_role("button", name="Start chat").click()
    connection_state = customer.locator("#chat-conn")
    expect(connection_state).to_have_attribute("data-state", "open", timeout=15_000)
    expect(customer.locator(".chat-msg--pending")).to_have_count(0)

    server.stop()
    expect(connection_state).to_have_text("Reconnecting…")
    customer.get_by_label("Type your message").fill("Sent while the server was down")
    customer.get_by_role("button", name="Send").click()
    expect(customer.locator(".chat-msg--pending")).to_have_count(1)
    start_daphne(port=server.port)

    expect(connection_state).to_have_text("Connected", timeout=30_000)
    expect(customer.locator(".chat-msg--pending")).to_have_count(0)
    assert Message.objects.filter(body="Sent while the server was down").count() == 1
    # Chromium logs the refused reconnection attempts; nothing else may go wrong.
    unexpected = [e for e in customer.console_errors if "WebSocket connection" not in e]
    assert unexpected == []


def two_agents_and_a_chat_with_lina() -> None:
    lina = staff_user("agent", username="lina", first_name="Lina", password=PASSWORD)
    PresenceFactory(user=lina)
    ConversationFactory(name="Chen Jie")
    PresenceFactory(user=staff_user("agent", username="ming", first_name="Ming", password=PASSWORD))


def test_agent_transfers_a_chat_with_a_note_and_the_other_agent_takes_over(
    live_daphne, page_factory
):
    off_the_browser_thread(two_agents_and_a_chat_with_lina)
    lina = page_factory()
    sign_in(lina, live_daphne.url, "lina")
    ming = page_factory()
    sign_in(ming, live_daphne.url, "ming")
    expect(ming.locator("#cc-conn")).to_have_attribute("data-state", "open")

    lina.get_by_role("tabpanel").get_by_role("button", name="Transfer").click()
    dialog = lina.get_by_role("dialog", name="Transfer chat")
    dialog.get_by_label("To agent").select_option(label="Ming (0/3 chats) · Online")
    dialog.get_by_label("Note for the next agent").fill("Asks about a refund")
    dialog.get_by_role("button", name="Transfer").click()

    taken = ming.get_by_role("tabpanel")
    expect(taken.get_by_role("heading", name="Chen Jie")).to_be_visible()
    expect(taken.get_by_role("status")).to_contain_text("Lina transferred this chat to you.")
    expect(taken.get_by_role("status")).to_contain_text("Note: Asks about a refund")
    taken.get_by_label("Reply").fill("Hello, I am Ming and I will help with the refund.")
    taken.get_by_label("Reply").press("Enter")
    expect(taken.locator(".chat-msg--mine .chat-msg__status")).to_have_text("Delivered")
    expect(lina.get_by_role("tabpanel").get_by_label("Reply")).to_be_hidden()
    assert lina.console_errors == []
    assert ming.console_errors == []


def test_ending_a_chat_asks_in_the_page_and_escape_keeps_chatting(live_daphne, page_factory):
    off_the_browser_thread(agent_online_and_a_topic)
    customer = page_factory(viewport={"width": 360, "height": 640})
    customer.goto(f"{live_daphne.url}/en/chat/")
    expect(customer.locator("#chat[data-panel='start']")).to_be_visible()
    start = customer.locator("#chat-start")
    start.get_by_label("Your name").fill("Li Wei")
    start.get_by_label("Topic").select_option("withdrawal")
    start.get_by_label("How can we help?").fill("Where is my withdrawal?")
    start.get_by_role("button", name="Start chat").click()
    expect(customer.locator("#chat-subtitle")).to_have_text("You are chatting with Lina")

    customer.get_by_role("button", name="End chat").click()
    asked = customer.get_by_role("dialog", name="End this chat?")
    expect(asked.get_by_role("button", name="Keep chatting")).to_be_focused()
    customer.keyboard.press("Escape")
    expect(asked).to_be_hidden()
    assert Conversation.objects.get().status == Conversation.Status.ACTIVE

    customer.get_by_role("button", name="End chat").click()
    asked.get_by_role("button", name="End chat").click()
    expect(customer.get_by_role("button", name="Send rating")).to_be_visible()
    assert Conversation.objects.get().status == Conversation.Status.CLOSED
    assert customer.console_errors == []
