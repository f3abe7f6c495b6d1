"""Bulk actions and macros in Chromium: an agent picks two rows of the inbox (a click, then
Shift+click for the range), sets their status from the action bar, then opens a request and
applies a macro from the pane's Macros menu."""

import re

import pytest
from playwright.sync_api import expect

from macros.models import TicketTag
from tests.chat.test_browser_chat import off_the_browser_thread
from tests.factories import staff_user
from tests.macros.factories import MacroFactory, TagFactory
from tests.tickets.factories import TicketFactory
from tickets.models import Ticket, TicketMessage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "agent-pass-123"


def three_requests_and_a_macro() -> list[Ticket]:
    tickets = [
        TicketFactory(subject=f"Withdrawal missing {n}", name=f"Customer {n}") for n in (1, 2, 3)
    ]
    staff_user("agent", username="lina", first_name="Lina", password=PASSWORD)
    MacroFactory(
        title_en="Ask for the transaction number",
        body_en="Hello {customer_name}, please send the transaction number.",
        status=Ticket.Status.PENDING_CUSTOMER,
        tags=[TagFactory(name_en="Needs details", colour="amber")],
    )
    return tickets


def sign_in(page, base: str, next_path: str) -> None:
    page.goto(f"{base}/en/account/login/?next={next_path}")
    page.fill("#id_username", "lina")
    page.fill("#id_password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(next_path) + "$"))
    expect(page.locator("#ib-live")).to_have_attribute("data-state", "open")


def test_an_agent_sets_the_status_of_two_rows_and_applies_a_macro(live_daphne, page_factory):
    tickets = off_the_browser_thread(three_requests_and_a_macro)
    page = page_factory(viewport={"width": 1280, "height": 800})
    sign_in(page, live_daphne.url, "/en/console/?view=unassigned")
    checks = page.locator("#ib-rows .ib-row__check")
    expect(checks).to_have_count(3)

    expect(page.locator("#ib-bulk-actions")).to_be_hidden()
    checks.nth(0).click()
    checks.nth(1).click(modifiers=["Shift"])
    expect(page.locator("#ib-bulk-count")).to_have_text("2 requests selected")
    page.get_by_role("button", name="Set status").click()
    page.get_by_role("menuitem", name="Solved").click()
    expect(page.locator(".alert--success")).to_have_text("2 requests set to “Solved”.")

    statuses = dict(Ticket.objects.values_list("reference", "status"))
    solved = {reference for reference, status in statuses.items() if status == "solved"}
    assert len(solved) == 2

    page.goto(f"{live_daphne.url}/en/console/?view=unassigned")
    page.locator("#ib-rows .ib-row__link").first.click()
    expect(page.locator("#wp")).to_be_visible()
    page.keyboard.press("m")
    page.get_by_role("menuitem", name="Ask for the transaction number").click()
    expect(page.locator("#wp .wp-thread")).to_contain_text("please send the transaction number")
    expect(page.locator("#wp .wp-tags")).to_contain_text("Needs details")

    (left,) = [t for t in tickets if t.reference not in solved]
    left = Ticket.objects.get(pk=left.pk)
    assert left.status == Ticket.Status.PENDING_CUSTOMER
    assert TicketTag.objects.filter(ticket=left).count() == 1
    assert TicketMessage.objects.filter(
        ticket=left, author__username="lina", body__startswith="Hello Customer"
    ).exists()
    assert page.console_errors == []
