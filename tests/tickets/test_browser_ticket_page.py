"""The console's full ticket page in Chromium against a real daphne: it works with the staff
workspace's components (the one-click property menus and the composer), not browser-default
widgets."""

import pytest
from playwright.sync_api import expect

from tests.chat.test_browser_chat import off_the_browser_thread
from tests.factories import staff_user
from tests.tickets.factories import TicketFactory
from tests.tickets.test_browser_ticket_flow import screenshot_png
from tickets.models import Ticket

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "agent-pass-2026"
REPLY = "We refunded the payment; the receipt is attached."


def an_agent_and_a_ticket() -> str:
    staff_user("agent", username="lina", first_name="Li Na", last_name="", password=PASSWORD)
    return TicketFactory(subject="Payment failed at checkout").reference


def test_the_status_is_set_in_one_click_and_a_reply_is_sent_with_a_file_from_the_styled_picker(
    live_daphne, page_factory
):
    reference = off_the_browser_thread(an_agent_and_a_ticket)
    path = f"/en/console/tickets/{reference}/"
    page = page_factory(viewport={"width": 1280, "height": 900})
    page.goto(f"{live_daphne.url}/en/account/login/?next={path}")
    page.locator("input[name=username]").fill("lina")
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{path}")

    # No browser-default widget: no select on the page, the file input hidden behind a button.
    expect(page.locator("main select")).to_have_count(0)
    expect(page.locator("#wp-files")).to_be_hidden()
    expect(page.get_by_role("button", name="Set", exact=True)).to_have_count(0)

    # The status: open its menu, one click on "Open" (no Set button).
    page.get_by_role("button", name="Status New").click()
    page.get_by_role("menuitemradio", name="Open").click()
    expect(page.locator(".alert--success")).to_contain_text("Status set to Open.")
    expect(page.get_by_role("button", name="Status Open")).to_be_visible()

    # A reply with a file chosen through the styled "Attach files" button, with its preview.
    page.locator("#wp-body").fill(REPLY)
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Attach files").click()
    chooser.value.set_files(
        files=[{"name": "receipt.png", "mimeType": "image/png", "buffer": screenshot_png()}]
    )
    expect(page.locator(".attach__item img.attach__thumb")).to_have_count(1)
    expect(page.locator("[data-attach-list]")).to_contain_text("receipt.png")
    page.get_by_role("button", name="Send reply").click()
    expect(page.locator(".alert--success")).to_contain_text("Reply sent.")
    expect(page.locator(".tc-thread")).to_contain_text(REPLY)
    expect(page.locator(".tc-files")).to_contain_text("receipt.png")

    ticket = Ticket.objects.get(reference=reference)
    assert ticket.status == Ticket.Status.OPEN
    message = ticket.messages.get(body=REPLY)
    assert not message.internal
    assert [a.original_name for a in message.attachments.all()] == ["receipt.png"]
    assert page.console_errors == []
