"""The whole request flow in real browsers against real servers: a customer submits a request
with a screenshot, an agent answers it from the console in another browser, the customer sees
the answer on their request page and receives it by e-mail (sent by the Celery worker)."""

import io

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from tests.factories import staff_user
from tickets.models import Ticket

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CUSTOMER_EMAIL = "wang.fang@example.com"
REPLY = "We found your payment and refunded it. It arrives within 1 business day."


def screenshot_png() -> bytes:
    """A small but real PNG, like a phone screenshot of an error."""
    image = Image.new("RGB", (240, 160), (245, 247, 250))
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 50, 220, 110), fill=(253, 236, 236), outline=(198, 40, 40))
    draw.text((32, 72), "Payment failed (E1024)", fill=(138, 28, 28))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def plain_text(message) -> str:
    return message.get_body(("plain",)).get_content()


def test_customer_request_with_screenshot_is_answered_from_the_console(
    live_daphne, celery_worker, smtp_capture, page_factory, category
):
    agent = staff_user("agent", username="lina", first_name="Lina", password="agent-pass-123")
    customer_page = page_factory()
    agent_page = page_factory()

    # The customer submits a request with a screenshot (no account: the secret link).
    customer_page.goto(live_daphne.url + "/en/requests/new/")
    customer_page.select_option("#id_category", str(category.pk))
    customer_page.fill("#id_subject", "Payment failed at checkout")
    customer_page.fill("#id_description", "The payment failed with error E1024 twice today.")
    customer_page.fill("#id_name", "Wang Fang")
    customer_page.fill("#id_email", CUSTOMER_EMAIL)
    customer_page.set_input_files(
        "#id_attachments",
        files=[{"name": "screenshot.png", "mimeType": "image/png", "buffer": screenshot_png()}],
    )
    customer_page.get_by_role("button", name="Send request").click()
    customer_page.wait_for_url("**/requests/t/**")
    ticket = Ticket.objects.get(customer_email=CUSTOMER_EMAIL)
    expect(customer_page.locator("main")).to_contain_text(ticket.reference)

    # The agent finds it among the unassigned requests and opens it.
    agent_page.goto(live_daphne.url + "/en/account/login/?next=/en/console/tickets/")
    agent_page.fill("#id_username", "lina")
    agent_page.fill("#id_password", "agent-pass-123")
    agent_page.locator("main").get_by_role("button", name="Sign in").click()
    agent_page.wait_for_url("**/console/tickets/")
    agent_page.get_by_role("link", name="Unassigned").click()
    agent_page.get_by_role("link", name=ticket.reference).click()
    expect(agent_page.locator("h1")).to_have_text("Payment failed at checkout")

    # The screenshot is there and opens through the permission-checked download.
    file_link = agent_page.get_by_role("link", name="screenshot.png")
    download = agent_page.request.get(live_daphne.url + file_link.get_attribute("href"))
    assert download.status == 200
    assert download.headers["content-type"] == "image/png"

    # The agent replies.
    agent_page.fill("#wp-body", REPLY)
    agent_page.get_by_role("button", name="Send reply").click()
    expect(agent_page.locator(".tc-thread")).to_contain_text(REPLY)
    expect(agent_page.locator("[role=status]").first).to_contain_text("Reply sent.")

    # The customer sees the answer on their request page…
    customer_page.reload()
    expect(customer_page.locator("main")).to_contain_text(REPLY)

    # …and receives it by e-mail, sent by the worker.
    mail = smtp_capture.wait_for(
        lambda m: CUSTOMER_EMAIL in m["To"] and REPLY in plain_text(m), timeout=30
    )
    assert ticket.reference in mail["Subject"]
    assert "/requests/t/" in plain_text(mail)
    assert agent.pk == Ticket.objects.get(pk=ticket.pk).messages.last().author_id
    assert customer_page.console_errors == []
    assert agent_page.console_errors == []
