"""The inbox in Chromium: a new request appears in the open Unassigned view without a reload,
and an agent goes from the list to answering it with the keyboard only (the pane's own
keyboard work on a chat and a ticket: tests/workspace/test_browser_pane.py)."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import staff_user
from tests.tickets.factories import TicketFactory
from tests.workspace.http import send_request
from tickets.models import Ticket

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPLY = "Thanks, Emma: the top-up is on its way back to your card."


def sign_in(page, base: str) -> None:
    page.goto(base + "/en/account/login/")
    page.fill("#id_username", "lina")
    page.fill("#id_password", "agent-pass-123")
    page.locator("main").get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/en/console/")


def test_a_new_request_appears_in_the_open_unassigned_view_and_is_answered_by_keyboard(
    live_daphne, page_factory, category
):
    staff_user("agent", username="lina", first_name="Lina", password="agent-pass-123")
    earlier = TicketFactory(category=category, subject="Card declined")
    page = page_factory(viewport={"width": 1280, "height": 800})
    sign_in(page, live_daphne.url)
    page.get_by_role("link", name=re.compile("^Unassigned")).click()
    expect(page.locator("#ib-live")).to_have_attribute("data-state", "open")
    expect(page.locator(".ib-row")).to_have_count(1)

    assert send_request(live_daphne.url, category).status_code == 302

    # The list does not jump under the agent: a bar offers the update, `u` applies it.
    expect(page.locator("#ib-apply")).to_have_text("1 update — show")
    expect(page.locator(".ib-row")).to_have_count(1)
    expect(page.locator('[data-count="unassigned"]')).to_have_text("2")
    page.keyboard.press("u")
    expect(page.locator(".ib-row")).to_have_count(2)
    new = Ticket.objects.exclude(pk=earlier.pk).get()
    expect(page.locator(".ib-list")).to_contain_text(new.reference)

    # Keyboard only: select the new request, open it beside the list, reply, send.
    position = [row.get_attribute("data-key") for row in page.locator(".ib-row").all()].index(
        f"ticket-{new.reference}"
    )
    for _ in range(position + 1):
        page.keyboard.press("j")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/console/inbox/t/{new.reference}/\?view=unassigned$"))
    expect(page.locator(".ib-row")).to_have_count(2)  # the list stays beside the pane
    page.keyboard.press("r")
    page.keyboard.type(REPLY)
    page.keyboard.press("Control+Enter")
    expect(page.locator("#wp [data-pane-notice]")).to_have_text("Reply sent.")

    stored = Ticket.objects.get(pk=new.pk)
    assert stored.messages.last().body == REPLY
    assert stored.assignee.username == "lina"  # the first public reply took it
    assert page.console_errors == []
