"""The request form in Chromium against a real daphne: a customer picks "payment failed",
answers its questions, pastes a screenshot and sees its thumbnail, removes and re-adds a file,
gets an answer corrected without losing the files, and the agent's console shows the answers
and the attachment."""

import datetime as dt
from collections import Counter

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import staff_user
from tests.tickets.factories import TopicFieldFactory
from tickets.models import Ticket, TopicField

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Kind = TopicField.Kind
CUSTOMER_EMAIL = "wang.fang@example.com"

# Draws a small "error screen" on a canvas and pastes it as an image file, as a phone or
# desktop screenshot tool puts it on the clipboard.
PASTE_SCREENSHOT = """async () => {
  const canvas = document.createElement("canvas");
  canvas.width = 240; canvas.height = 160;
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "#fdecec"; ctx.fillRect(0, 0, 240, 160);
  ctx.fillStyle = "#8a1c1c"; ctx.fillText("Payment failed (E1024)", 40, 80);
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/png"));
  const data = new DataTransfer();
  data.items.add(new File([blob], "image.png", { type: "image/png" }));
  document.querySelector("#id_description").dispatchEvent(
    new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
}"""


@pytest.fixture
def payment_questions(category):
    TopicFieldFactory(
        topic=category,
        key="transaction_number",
        kind=Kind.TRANSACTION,
        position=0,
        label_en="Transaction number",
        label_zh_hans="交易号",
    )
    TopicFieldFactory(
        topic=category,
        key="amount",
        kind=Kind.AMOUNT,
        required=True,
        position=1,
        label_en="Amount (CNY)",
        label_zh_hans="金额（元）",
    )
    TopicFieldFactory(
        topic=category,
        key="date",
        kind=Kind.DATE,
        required=True,
        position=2,
        label_en="Date of the payment",
        label_zh_hans="交易日期",
    )
    TopicFieldFactory(
        topic=category,
        key="payment_method",
        kind=Kind.CHOICE,
        required=True,
        position=3,
        label_en="Payment method",
        label_zh_hans="付款方式",
        choices="balance | 钱包余额 | Wallet balance\ndebit_card | 储蓄卡 | Debit card",
    )


def test_request_with_pasted_screenshot_and_topic_answers_reaches_the_agent(
    live_daphne, page_factory, category, payment_questions
):
    staff_user("agent", username="lina", first_name="Lina", password="agent-pass-123")
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    page = page_factory()
    prefix = f"#id_topic{category.pk}"

    # Choosing the topic shows its questions; the general transaction field steps aside.
    page.goto(live_daphne.url + "/en/requests/new/")
    expect(page.get_by_role("group", name="Payment failed: a few details")).to_be_hidden()
    page.select_option("#id_category", str(category.pk))
    expect(page.get_by_role("group", name="Payment failed: a few details")).to_be_visible()
    expect(page.locator("#id_transaction_number")).to_be_hidden()
    page.fill(f"{prefix}-transaction_number", "txn-20261121-0042")
    page.fill(f"{prefix}-amount", "86.505")  # one decimal place too many: refused below
    page.fill(f"{prefix}-date", yesterday)
    page.select_option(f"{prefix}-payment_method", "debit_card")
    page.fill("#id_subject", "Payment failed at checkout")
    page.fill("#id_description", "The payment failed with error E1024 twice today.")
    page.fill("#id_name", "Wang Fang")
    page.fill("#id_email", CUSTOMER_EMAIL)

    # A pasted screenshot shows as a thumbnail; removing it and pasting again works.
    page.evaluate(PASTE_SCREENSHOT)
    thumbnails = page.locator(".attach__list img")
    expect(thumbnails).to_have_count(1)
    expect(page.locator("[data-attach-status]")).to_contain_text("Added “screenshot-")
    page.locator(".attach__list").get_by_role("button", name="Remove").click()
    expect(thumbnails).to_have_count(0)
    expect(page.locator("[data-attach-status]")).to_contain_text("Removed “screenshot-")
    expect(page.locator("[data-attach-zone]")).to_be_focused()
    page.evaluate(PASTE_SCREENSHOT)
    expect(thumbnails).to_have_count(1)
    assert page.locator(".attach__list img").get_attribute("src").startswith("blob:")

    # The refused amount is explained next to its field; the screenshot is still there.
    page.get_by_role("button", name="Send request").click()
    expect(page.locator(f".field--error:has({prefix}-amount)")).to_contain_text(
        "An amount has at most 2 decimal places."
    )
    expect(page.locator(f"{prefix}-amount")).to_be_focused()
    expect(thumbnails).to_have_count(1)
    expect(page.locator(f"{prefix}-date")).to_have_value(yesterday)
    page.fill(f"{prefix}-amount", "86.5")
    page.get_by_role("button", name="Send request").click()
    page.wait_for_url("**/requests/t/**")
    ticket = Ticket.objects.get(customer_email=CUSTOMER_EMAIL)
    expect(page.locator(".ticket-facts")).to_contain_text("Debit card")
    # The refused send answered 400, which the browser logs; no script failed.
    assert [e for e in page.console_errors if "status of 400" not in e] == []

    # The agent sees the answers at the top of the ticket, and the screenshot.
    agent_page = page_factory()
    agent_page.goto(live_daphne.url + "/en/account/login/?next=/en/console/tickets/")
    agent_page.fill("#id_username", "lina")
    agent_page.fill("#id_password", "agent-pass-123")
    agent_page.locator("main").get_by_role("button", name="Sign in").click()
    agent_page.wait_for_url("**/console/tickets/")
    agent_page.goto(live_daphne.url + f"/en/console/tickets/{ticket.reference}/")
    details = agent_page.get_by_role("region", name="Details from the request form")
    expect(details).to_contain_text("Transaction numberTXN-20261121-0042")
    expect(details).to_contain_text("Amount (CNY)86.50")
    expect(details).to_contain_text(f"Date of the payment{yesterday}")
    expect(details).to_contain_text("Payment methodDebit card")
    file_link = agent_page.locator(".tc-files a")
    expect(file_link).to_contain_text("screenshot-")
    download = agent_page.request.get(live_daphne.url + file_link.get_attribute("href"))
    assert download.status == 200
    assert download.headers["content-type"] == "image/png"


def test_fields_side_by_side_line_up_and_the_form_fits_a_phone(
    live_daphne, page_factory, category, payment_questions
):
    page = page_factory(viewport={"width": 1280, "height": 900})
    page.goto(live_daphne.url + "/en/requests/new/?topic=payment-failed")

    # Top and height of every visible input in rows of fields side by side.
    boxes = page.evaluate(
        """[...document.querySelectorAll(".form-row :is(input, select)")]
             .filter((el) => el.offsetParent)
             .map((el) => [Math.round(el.getBoundingClientRect().top), el.offsetHeight])"""
    )
    page.set_viewport_size({"width": 360, "height": 640})
    page_width = page.evaluate("document.documentElement.scrollWidth")

    inputs_per_row = Counter(top for top, _height in boxes)
    heights_per_row = {top: {h for t, h in boxes if t == top} for top in inputs_per_row}
    # Transaction number and amount, date and payment method, name and e-mail side by side;
    # the error message alone (the topic asks for the transaction number itself).
    assert sorted(inputs_per_row.values()) == [1, 2, 2, 2]
    assert all(len(heights) == 1 for heights in heights_per_row.values())
    assert page_width == 360


def test_browser_refuses_a_sixth_file_and_a_file_of_another_type(live_daphne, page_factory):
    page = page_factory()
    page.goto(live_daphne.url + "/en/requests/new/")

    for _ in range(6):
        page.evaluate(PASTE_SCREENSHOT)
    expect(page.locator("[data-file-warning]")).to_have_text("Attach at most 5 files.")
    page.locator(".attach__list").get_by_role("button", name="Remove").first.click()
    page.set_input_files(
        "#id_attachments",
        files=[{"name": "notes.html", "mimeType": "text/html", "buffer": b"<p>hi</p>"}],
    )

    expect(page.locator(".attach__list img")).to_have_count(4)
    expect(page.locator("[data-file-warning]")).to_contain_text("“notes.html” cannot be attached")
