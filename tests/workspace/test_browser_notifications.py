"""The notifications bell in Chromium: an agent at the open inbox sees the unread count rise
when a supervisor assigns them a request, opens the list from the top bar, opens the item (the
ticket's pane) and the count falls; the More menu holds the other sections."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import staff_user
from tests.tickets.factories import TicketFactory
from tests.workspace.http import post_form, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, base: str) -> None:
    page.goto(base + "/en/account/login/")
    page.fill("#id_username", "lina")
    page.fill("#id_password", "agent-pass-123")
    page.locator("main").get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/en/console/")


def test_an_agent_sees_the_count_rise_and_opens_the_item(live_daphne, page_factory, category):
    lina = staff_user("agent", username="lina", first_name="Lina", password="agent-pass-123")
    boss = staff_user("supervisor", first_name="Wei")
    ticket = TicketFactory(category=category, subject="Top-up missing")
    page = page_factory(viewport={"width": 1280, "height": 800})
    sign_in(page, live_daphne.url)
    expect(page.locator("#ib-live")).to_have_attribute("data-state", "open")
    bell = page.locator("#nb-button")
    expect(bell).to_have_attribute("aria-label", "Notifications")

    console = signed_in(boss)  # the supervisor assigns it from their own console
    ticket_page = f"{live_daphne.url}/en/console/tickets/{ticket.reference}/"
    post_form(console, f"{ticket_page}assign/", {"assignee": lina.pk}, page=ticket_page)

    expect(page.locator("[data-bell-count]")).to_have_text("1")
    expect(bell).to_have_attribute("aria-label", "Notifications, 1 unread")
    bell.click()
    expect(bell).to_have_attribute("aria-expanded", "true")
    item = page.locator("#nb-pop [data-notification]")
    expect(item).to_contain_text(f"Wei assigned {ticket.reference} to you: Top-up missing")
    expect(item).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/en/console/inbox/t/{ticket.reference}/$"))
    expect(page.locator("#wp")).to_contain_text("Top-up missing")
    expect(page.locator("[data-bell-count]")).to_be_hidden()
    assert page.console_errors == []


def test_the_more_menu_holds_the_other_sections(live_daphne, page_factory):
    staff_user("agent", username="lina", first_name="Lina", password="agent-pass-123")
    page = page_factory(viewport={"width": 768, "height": 900})
    sign_in(page, live_daphne.url)
    more = page.get_by_role("button", name="More")

    more.focus()
    page.keyboard.press("ArrowDown")
    expect(page.get_by_role("menuitem", name="Live chat")).to_be_focused()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/console/tickets/")

    bar = page.locator(".console-bar").bounding_box()
    assert bar["height"] < 60  # one line, even at 768 px
