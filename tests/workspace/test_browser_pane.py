"""The conversation pane in Chromium: an agent works one chat and one ticket from the inbox with
the keyboard only (open, accept or take, reply, change the status, close), and the address
follows the pane so back and forward work."""

import re

import pytest
from playwright.sync_api import expect

from chat.models import Conversation, Message
from tests.chat.factories import ConversationFactory, PresenceFactory, TopicFactory
from tests.chat.test_browser_chat import off_the_browser_thread
from tests.factories import staff_user
from tests.tickets.factories import TicketFactory, png_bytes
from tickets.models import Ticket

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "agent-pass-123"


def lina_busy_with_a_chat_waiting() -> Conversation:
    """Lina is online with room for one chat and already has one: the next chat waits."""
    TopicFactory(slug="top-up", name_en="Top-up", name_zh_hans="充值")
    lina = staff_user("agent", username="lina", first_name="Lina", password=PASSWORD)
    PresenceFactory(user=lina, capacity=1)
    ConversationFactory()
    return ConversationFactory(name="Li Wei", message="My top-up has not arrived")


def sign_in(page, base: str, next_path: str) -> None:
    page.goto(f"{base}/en/account/login/?next={next_path}")
    page.fill("#id_username", "lina")
    page.fill("#id_password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(next_path) + "$"))
    expect(page.locator("#ib-live")).to_have_attribute("data-state", "open")


def test_an_agent_works_a_waiting_chat_from_the_inbox_with_the_keyboard_only(
    live_daphne, page_factory
):
    chat = off_the_browser_thread(lina_busy_with_a_chat_waiting)
    page = page_factory(viewport={"width": 1280, "height": 800})
    sign_in(page, live_daphne.url, "/en/console/?view=chats")

    page.keyboard.press("j")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/en/console/inbox/c/{chat.pk}/\?view=chats$"))
    expect(page.locator("#wp")).to_contain_text("My top-up has not arrived")
    page.keyboard.press("a")  # accept
    expect(page.locator("#wp-body")).to_be_visible()
    page.keyboard.press("r")
    page.keyboard.type("Hello Li Wei, let me check your top-up.")
    page.keyboard.press("Control+Enter")
    expect(page.locator("#wp .wp-thread")).to_contain_text("let me check your top-up")
    page.keyboard.press("Escape")  # out of the composer
    page.keyboard.press("c")  # end the chat
    expect(page.locator("#wp .wp-closed")).to_be_visible()

    stored = Conversation.objects.get(pk=chat.pk)
    assert stored.agent.username == "lina"
    assert stored.status == Conversation.Status.CLOSED
    assert Message.objects.filter(
        conversation=chat, sender_kind="agent", body="Hello Li Wei, let me check your top-up."
    ).exists()
    assert page.console_errors == []


def test_an_agent_works_a_ticket_in_the_pane_with_the_keyboard_only(live_daphne, page_factory):
    # The request comes in while nobody is online, so it is not auto-assigned (teams routing).
    ticket = off_the_browser_thread(
        lambda: TicketFactory(subject="Withdrawal missing", description="Where is my money?")
    )
    off_the_browser_thread(lina_busy_with_a_chat_waiting)
    page = page_factory(viewport={"width": 1280, "height": 800})
    sign_in(page, live_daphne.url, "/en/console/?view=unassigned")

    page.keyboard.press("j")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/en/console/inbox/t/{ticket.reference}/\?view=unassigned$"))
    page.keyboard.press("a")  # assign to me
    expect(page.locator("#wp [data-pane-notice]")).to_contain_text("Assigned to Lina")
    page.keyboard.press("n")  # an internal note first
    page.keyboard.type("Checked the ledger: paid out on Monday.")
    page.keyboard.press("Control+Enter")
    expect(page.locator("#wp [data-pane-notice]")).to_have_text("Internal note added.")
    page.keyboard.press("r")
    page.keyboard.type("Your withdrawal was paid out on Monday.")
    page.keyboard.press("Control+Enter")
    expect(page.locator("#wp [data-pane-notice]")).to_have_text("Reply sent.")
    page.keyboard.press("s")  # the status menu, its current value focused
    expect(page.get_by_role("menuitemradio", name="Open")).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(page.get_by_role("menuitemradio", name="Waiting for customer")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#wp [data-pane-notice]")).to_have_text(
        "Status set to Waiting for customer."
    )
    expect(page.locator("#wp-status-button")).to_be_focused()

    page.keyboard.press("Escape")  # the menu is closed: Escape closes the pane
    page.wait_for_url(re.compile(r"/en/console/\?view=unassigned$"))
    expect(page.locator("#wp")).to_have_count(0)
    page.go_back()  # the pane comes back with the address
    expect(page.locator("#wp")).to_contain_text("Withdrawal missing")
    assert re.search(rf"/inbox/t/{ticket.reference}/", page.url)

    stored = Ticket.objects.get(pk=ticket.pk)
    assert stored.status == Ticket.Status.PENDING_CUSTOMER
    assert stored.assignee.username == "lina"
    assert [m.internal for m in stored.messages.order_by("id")] == [False, True, False]
    assert page.console_errors == []


def test_a_pane_address_loaded_directly_renders_the_same_pane(live_daphne, page_factory):
    off_the_browser_thread(lina_busy_with_a_chat_waiting)
    ticket = off_the_browser_thread(lambda: TicketFactory(subject="Card declined"))
    page = page_factory(viewport={"width": 768, "height": 1000})
    sign_in(page, live_daphne.url, f"/en/console/inbox/t/{ticket.reference}/?view=open")

    expect(page.locator("#wp h2")).to_have_text("Card declined")
    expect(page.locator(".ib-main")).to_be_hidden()  # on a tablet the pane is over the list
    page.keyboard.press("Escape")
    expect(page.locator(".ib-main")).to_be_visible()
    # The views' rail scrolls inside itself; the page itself fits the tablet.
    assert page.evaluate("document.documentElement.scrollWidth") <= 768
    assert page.console_errors == []


def test_a_screenshot_dropped_on_the_composer_is_previewed_and_sent_with_the_reply(
    live_daphne, page_factory
):
    off_the_browser_thread(lina_busy_with_a_chat_waiting)
    ticket = off_the_browser_thread(lambda: TicketFactory(subject="Refund receipt"))
    page = page_factory(viewport={"width": 1280, "height": 800})
    sign_in(page, live_daphne.url, f"/en/console/inbox/t/{ticket.reference}/?view=open")

    drop = page.evaluate_handle(
        """(bytes) => {
          const data = new DataTransfer();
          data.items.add(new File([new Uint8Array(bytes)], "receipt.png", {type: "image/png"}));
          return data;
        }""",
        list(png_bytes()),
    )
    page.dispatch_event("#wp-compose [data-attach]", "drop", {"dataTransfer": drop})
    expect(page.locator("#wp-compose img.attach__thumb")).to_be_visible()
    page.keyboard.press("r")
    page.keyboard.type("Here is the receipt you asked for.")
    page.keyboard.press("Control+Enter")
    expect(page.locator("#wp [data-pane-notice]")).to_have_text("Reply sent.")
    expect(page.locator("#wp .wp-thread")).to_contain_text("receipt.png")

    reply = Ticket.objects.get(pk=ticket.pk).messages.order_by("id").last()
    assert [a.original_name for a in reply.attachments.all()] == ["receipt.png"]
    assert page.console_errors == []
