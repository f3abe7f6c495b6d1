"""In Chromium: a tag a colleague puts on a request shows as a chip on its row in an agent's
open inbox without a reload, and goes when it is taken off (the order of the rows does not
change, so the list is replaced at once: static/workspace/inbox.js)."""

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from tests.factories import staff_user
from tests.macros.factories import TagFactory
from tests.tickets.factories import TicketFactory
from tests.workspace.http import post_form, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_colleagues_tag_appears_and_goes_on_the_row_in_an_open_inbox(
    live_daphne, page_factory, category
):
    base = live_daphne.url
    staff_user("agent", username="lina", first_name="Lina", password="agent-pass-123")
    ticket = TicketFactory(category=category, subject="Card declined")
    refund = TagFactory(name_en="Refund")
    page = page_factory(viewport={"width": 1280, "height": 800})
    page.goto(base + "/en/account/login/")
    page.fill("#id_username", "lina")
    page.fill("#id_password", "agent-pass-123")
    page.locator("main").get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/en/console/")
    page.goto(base + "/en/console/?view=unassigned")
    expect(page.locator("#ib-live")).to_have_attribute("data-state", "open")
    row = page.locator(f'[data-key="ticket-{ticket.reference}"]')
    expect(row.locator(".tag-chip")).to_have_count(0)
    colleague = signed_in(staff_user("agent"))
    with translation.override("en"):
        tag_url = base + reverse("workspace:ticket-tag", args=[ticket.reference])
        pane = base + reverse("workspace:ticket", args=[ticket.reference])

    post_form(colleague, tag_url, {"add": refund.pk}, page=pane)
    expect(row.locator(".tag-chip")).to_have_text("Refund")
    post_form(colleague, tag_url, {"remove": refund.pk}, page=pane)
    expect(row.locator(".tag-chip")).to_have_count(0)

    assert page.locator("#ib-new").is_hidden()
    assert page.console_errors == []
