"""An e-mailed request answered from the staff console, and the customer's answer by e-mail
back in the same thread: real daphne, Celery worker, SMTP capture, pipe command, Chromium."""

import pytest
from playwright.sync_api import expect

from tests.email_channel.helpers import run_pipe
from tests.email_channel.mails import build
from tests.factories import staff_user
from tickets import mail_ids
from tickets.models import Ticket

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ANSWER = "We found the payment; it was refunded. Did the money arrive?"
CUSTOMER_REPLY = "Yes, the refund arrived this morning. Thank you!"


def test_agent_answers_an_emailed_request_and_the_customers_reply_joins_the_thread(
    live_daphne, celery_worker, smtp_capture, page_factory, category
):
    staff_user("agent", username="lina", first_name="Lina", password="agent-pass-123")
    first = run_pipe(
        build(
            sender="Wang Fang <wang.fang@example.com>",
            subject="Refund not received",
            body="I was charged twice for order 8812.",
            message_id="<first@mail.example.com>",
        )
    )
    assert first.returncode == 0, first.stderr
    ticket = Ticket.objects.get(customer_email="wang.fang@example.com")
    assert ticket.source == Ticket.Source.EMAIL

    agent_page = page_factory()
    agent_page.goto(live_daphne.url + "/en/account/login/?next=/en/console/tickets/")
    agent_page.fill("#id_username", "lina")
    agent_page.fill("#id_password", "agent-pass-123")
    agent_page.locator("main").get_by_role("button", name="Sign in").click()
    agent_page.wait_for_url("**/console/tickets/")
    agent_page.goto(f"{live_daphne.url}/en/console/tickets/{ticket.reference}/")
    expect(agent_page.locator(".tc-thread")).to_contain_text("I was charged twice")
    agent_page.fill("#wp-body", ANSWER)
    agent_page.get_by_role("button", name="Send reply").click()
    expect(agent_page.locator(".tc-thread")).to_contain_text(ANSWER)

    answer = smtp_capture.wait_for(lambda m: ANSWER in m.get_body(("plain",)).get_content())
    reply_address = answer["Reply-To"].addresses[0].addr_spec
    assert reply_address == mail_ids.reply_address(ticket.pk)

    back = run_pipe(
        build(
            sender="Wang Fang <wang.fang@example.com>",
            to=reply_address,
            subject=f"Re: {answer['Subject']}",
            body=f"{CUSTOMER_REPLY}\n\nOn Mon, 30 Nov 2026 Lina wrote:\n> {ANSWER}\n",
            in_reply_to=answer["Message-ID"],
        )
    )
    assert back.returncode == 0, back.stderr

    agent_page.reload()
    thread = agent_page.locator(".tc-thread")
    expect(thread).to_contain_text(CUSTOMER_REPLY)
    assert Ticket.objects.count() == 1
    assert ticket.messages.last().body == CUSTOMER_REPLY
