"""The console's e-mail controls in Chromium: an agent accepts mail from another sender into
the thread and adds the sender as a CC, in one click (real daphne)."""

import pytest
from playwright.sync_api import expect

from email_channel.models import InboundEmail, TicketParticipant
from tests.email_channel.helpers import pipe
from tests.email_channel.mails import build
from tests.factories import staff_user
from tests.tickets.factories import TicketFactory
from tickets import mail_ids

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_agent_accepts_mail_from_another_sender_and_adds_them_as_cc(
    live_daphne, page_factory, category
):
    staff_user("agent", username="lina", first_name="Lina", password="agent-pass-123")
    ticket = TicketFactory(category=category, email="wang@example.com", language="en")
    record = pipe(
        build(
            sender="Li Wei <li.wei@example.com>",
            to=mail_ids.reply_address(ticket.pk),
            body="I am Wang's husband; the card is mine.",
        )
    )
    assert record.status == InboundEmail.Status.HELD

    page = page_factory()
    page.goto(live_daphne.url + "/en/account/login/?next=/en/console/tickets/")
    page.fill("#id_username", "lina")
    page.fill("#id_password", "agent-pass-123")
    page.locator("main").get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/console/tickets/")
    page.goto(f"{live_daphne.url}/en/console/tickets/{ticket.reference}/")
    note = page.locator(f"#m{record.ticket_message_id}")
    expect(note).to_have_attribute("data-kind", "note")
    note.get_by_role("button", name="Accept and add as CC").click()

    expect(
        page.get_by_text("Accepted into the thread; li.wei@example.com is now a CC.")
    ).to_be_visible()
    accepted = page.locator(f"#m{record.ticket_message_id}")
    expect(accepted).to_have_attribute("data-kind", "public")
    expect(accepted).to_contain_text("I am Wang's husband; the card is mine.")
    expect(accepted.get_by_role("button", name="Accept")).to_have_count(0)
    expect(page.locator("#p-email")).to_contain_text("li.wei@example.com")
    assert TicketParticipant.objects.get(ticket=ticket).email == "li.wei@example.com"
