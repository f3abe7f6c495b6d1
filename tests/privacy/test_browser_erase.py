"""A supervisor erases a customer from the console in a real browser against a real daphne and
a real SMTP capture: the customer is told by e-mail, and their former request then shows
placeholders in the console.

With HELPCENTER_DOCS_SCREENSHOTS=1 the privacy desk and its confirmation page are saved to
docs/ in both languages (docs/privacy-console-<screen>-<lang>-1280.png)."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.chat.test_browser_chat import PASSWORD, off_the_browser_thread
from tests.factories import UserFactory, staff_user
from tests.tickets.factories import CategoryFactory, TicketFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DOCS = Path(__file__).resolve().parents[2] / "docs"
EMAIL = "zhao.lianhua@example.com"
NAME = "Zhao Lianhua"


def desk_ready() -> str:
    staff_user("supervisor", username="mei", first_name="Mei", password=PASSWORD)
    customer = UserFactory(username="zhaolh", email=EMAIL, first_name="Lianhua", last_name="Zhao")
    ticket = TicketFactory(
        category=CategoryFactory(slug="payment-failed", name_en="Payment failed"),
        customer=customer,
        name=NAME,
        subject="Payment failed at Lotus Coffee",
        description="My card was charged twice. Call me on +8613911112222.",
        transaction_number="TXN-20261121-0042",
    )
    return ticket.reference


@pytest.fixture
def shots(tmp_path) -> Path:
    return DOCS if os.environ.get("HELPCENTER_DOCS_SCREENSHOTS") == "1" else tmp_path


def sign_in(page, base_url: str) -> None:
    page.goto(f"{base_url}/en/account/login/?next=/en/console/privacy/")
    page.locator("input[name=username]").fill("mei")
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/en/console/privacy/")


def test_a_supervisor_erases_a_customer_and_their_request_shows_placeholders(
    start_daphne, smtp_capture, page_factory, shots
):
    reference = off_the_browser_thread(desk_ready)
    server = start_daphne(EMAIL_URL=f"smtp://127.0.0.1:{smtp_capture.port}")
    page = page_factory(viewport={"width": 1280, "height": 900})
    sign_in(page, server.url)

    page.get_by_label("E-mail address").fill(EMAIL)
    page.get_by_role("button", name="Find").click()
    expect(page.locator(".pv-summary")).to_contain_text(EMAIL)
    page.screenshot(path=str(shots / "privacy-console-find-en-1280.png"))
    page.get_by_label("Reason").fill("Customer's request by e-mail of 2026-11-30")
    page.get_by_role("button", name="Continue to erasure").click()
    expect(page.get_by_role("heading", name="Confirm the erasure")).to_be_visible()
    page.screenshot(path=str(shots / "privacy-console-confirm-en-1280.png"))
    page.get_by_label("I understand that this cannot be undone.").check()
    page.get_by_role("button", name="Erase now").click()
    expect(page.locator(".alert--success")).to_contain_text("The customer's data was erased")

    notice = smtp_capture.wait_for(lambda m: EMAIL in m["To"])
    assert "erasing" in notice.get_body(("plain",)).get_content()
    page.goto(f"{server.url}/en/console/tickets/{reference}/")
    main = page.locator("main")
    expect(main).to_contain_text("[erased]")
    expect(main).not_to_contain_text(NAME)
    expect(main).not_to_contain_text(EMAIL)
    expect(main).not_to_contain_text("+8613911112222")
    assert page.console_errors == []


def test_the_privacy_desk_in_chinese(live_daphne, page_factory, shots):
    off_the_browser_thread(desk_ready)
    page = page_factory(viewport={"width": 1280, "height": 900})
    page.goto(f"{live_daphne.url}/zh-hans/account/login/?next=/zh-hans/console/privacy/")
    page.locator("input[name=username]").fill("mei")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/zh-hans/console/privacy/")

    page.get_by_label("电子邮箱地址").fill(EMAIL)
    page.get_by_role("button", name="查找").click()
    expect(page.locator(".pv-summary")).to_contain_text("帮助中心保存的数据")
    page.screenshot(path=str(shots / "privacy-console-find-zh-hans-1280.png"))
    page.get_by_label("原因").fill("客户 2026-11-30 的邮件申请")
    page.get_by_role("button", name="继续删除").click()
    expect(page.get_by_role("heading", name="确认删除")).to_be_visible()
    page.screenshot(path=str(shots / "privacy-console-confirm-zh-hans-1280.png"))
    assert page.console_errors == []


@pytest.mark.parametrize(("language", "width"), [("en", 390), ("zh-hans", 360)])
def test_the_customers_data_page_on_a_phone(live_daphne, page_factory, shots, language, width):
    def customer_ready() -> None:
        UserFactory(username="zhaolh", email=EMAIL, password=PASSWORD)

    off_the_browser_thread(customer_ready)
    page = page_factory(viewport={"width": width, "height": 780})
    page.goto(f"{live_daphne.url}/{language}/account/login/?next=/{language}/privacy/")
    page.locator("input[name=username]").fill("zhaolh")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/{language}/privacy/")

    page.locator("main form button[type=submit]").click()

    expect(page.locator(".alert--success")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(shots / f"privacy-mine-{language}-{width}.png"))
    assert page.console_errors == []
