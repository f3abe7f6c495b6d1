"""A chat customer reporting unauthorised activity presses "Freeze my wallet account" in the
widget (real Chromium, real daphne): they are told the freeze was asked, the agent sees the
request on the conversation's wallet page and applies it with one click, and the customer is
told the account is frozen. Both in the customer's language (here Chinese). The same on a
request page, where the screenshots of docs/security-desk.md are taken."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.test_security_desk import EMAIL, desk_ready
from tests.chat.test_browser_chat import PASSWORD, off_the_browser_thread, sign_in
from wallet.models import DemoAccount

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DOCS = Path(__file__).resolve().parents[2] / "docs"
WIDGET = {"x": 870, "y": 10, "width": 410, "height": 710}  # the open widget at 1280 px


@pytest.fixture
def shots(tmp_path) -> Path:
    """docs/ with HELPCENTER_DOCS_SCREENSHOTS=1 (the pictures in docs/security-desk.md)."""
    return DOCS if os.environ.get("HELPCENTER_DOCS_SCREENSHOTS") == "1" else tmp_path


def test_the_customer_asks_from_the_chat_and_the_agent_freezes_in_one_click(
    live_daphne, page_factory, shots
):
    off_the_browser_thread(desk_ready)
    console = page_factory()
    sign_in(console, live_daphne.url, "lina")
    expect(console.locator("#cc-conn")).to_have_attribute("data-state", "open")

    customer = page_factory()
    customer.goto(f"{live_daphne.url}/zh-hans/")
    customer.get_by_role("button", name="在线咨询").click()
    chat = customer.frame_locator("iframe[title='在线客服']")
    expect(chat.locator("#chat[data-panel='start']")).to_be_visible()
    start = chat.locator("#chat-start")
    start.locator("[name=name]").fill("Emma Clark")
    start.locator("[name=email]").fill(EMAIL)
    start.locator("[name=topic]").select_option("account-security")
    start.locator("[name=message]").fill("有人盗刷了我的钱包！")
    start.locator("button[type=submit]").click()

    chat.get_by_role("button", name="冻结我的钱包账户").click()
    customer.screenshot(
        path=shots / "security-desk-chat-freeze-dialog-zh-hans-1280.png", clip=WIDGET
    )
    chat.locator("#chat-freeze-dialog").get_by_role("button", name="冻结我的账户").click()
    log = chat.locator("#chat-log")
    expect(log).to_contain_text("您已申请冻结钱包账户。")
    expect(chat.get_by_role("button", name="冻结我的钱包账户")).to_be_hidden()
    customer.screenshot(path=shots / "security-desk-chat-freeze-zh-hans-1280.png", clip=WIDGET)

    console.locator("#cc-queue li", has_text="Emma Clark").get_by_role(
        "button", name="Accept"
    ).click()
    pane = console.get_by_role("tabpanel", name="Emma Clark")
    link = pane.locator("[data-f='ctx-security']")
    expect(link).to_have_attribute("href", re.compile(r"/console/security/chat/\d+/$"))
    desk = console.context.new_page()
    desk.goto(live_daphne.url + link.get_attribute("href"))
    expect(desk.locator("[data-freeze-requested]")).to_contain_text("The customer asked at")
    desk.get_by_role("button", name="Freeze", exact=True).click()  # the reason is filled in

    expect(desk.locator(".alert--success")).to_contain_text("The account is frozen.")
    expect(log).to_contain_text("为保护您的资金安全，我们已冻结您的钱包账户")
    assert off_the_browser_thread(lambda: DemoAccount.objects.get(email=EMAIL).frozen)
    assert customer.console_errors == []


def security_report_pair() -> dict[str, str]:
    """A security report of a demo-wallet holder (English and Chinese portal links) and the
    console path of its wallet panel; Lina (agent) can sign in."""
    from tests.factories import staff_user
    from tests.tickets.factories import CategoryFactory, TicketFactory
    from tests.wallet.factories import DemoAccountFactory, DemoTransactionFactory
    from tickets import access

    topic = CategoryFactory(
        slug="account-security",
        name_en="Account security",
        name_zh_hans="账户安全",
        is_security=True,
    )
    account = DemoAccountFactory(email=EMAIL, wallet_user_id="w-2002")
    DemoTransactionFactory(account=account, number="TXN-20261130-0001")
    ticket = TicketFactory(
        category=topic,
        email=EMAIL,
        language="en",
        subject="Money left my account without me",
        description="Two payments I did not make this morning.",
    )
    staff_user("agent", username="lina", first_name="Lina", password=PASSWORD)
    urls = {lang: access.portal_url(ticket, language=lang, absolute=False) for lang in LANGS}
    urls["console"] = f"/en/console/tickets/{ticket.reference}/"
    return urls


LANGS = ("en", "zh-hans")


def test_the_customer_asks_on_the_request_page_and_sees_it_asked(live_daphne, page_factory, shots):
    urls = off_the_browser_thread(security_report_pair)
    page = page_factory()

    for lang in LANGS:
        page.goto(live_daphne.url + urls[lang])
        page.set_viewport_size({"width": 390, "height": 844})
        expect(page.locator("[data-freeze-ask]")).to_be_visible()
        page.screenshot(path=shots / f"security-desk-freeze-ask-{lang}-390.png")
    page.goto(live_daphne.url + urls["en"])
    page.get_by_role("button", name="Freeze my wallet account").click()

    expect(page.locator(".alert--success")).to_contain_text(
        "We asked an agent to freeze your wallet account now."
    )
    expect(page.locator("[data-freeze-requested]")).to_contain_text("You asked at")
    expect(page.locator("[data-freeze-ask]")).to_have_count(0)
    for lang in LANGS:
        page.goto(live_daphne.url + urls[lang])
        page.screenshot(path=shots / f"security-desk-freeze-asked-{lang}-390.png")

    console = page_factory()
    sign_in(console, live_daphne.url, "lina")
    console.set_viewport_size({"width": 1280, "height": 900})
    for lang in ("zh-hans", "en"):
        console.goto(live_daphne.url + urls["console"].replace("/en/", f"/{lang}/", 1))
        panel = console.locator("#wallet")
        expect(panel.locator("[data-freeze-requested]")).to_be_visible()
        # The whole page (not scrolled: the box is in page coordinates), cut to the panel.
        console.screenshot(
            path=shots / f"security-desk-freeze-request-panel-{lang}-1280.png",
            full_page=True,
            clip=panel.bounding_box(),
        )
    console.locator("#wallet").get_by_role("button", name="Freeze", exact=True).click()
    expect(console.locator(".alert--success")).to_contain_text("The account is frozen.")

    page.goto(live_daphne.url + urls["en"])
    expect(page.locator("[data-frozen]")).to_contain_text(
        "Your wallet account is frozen for your protection."
    )
    assert page.console_errors == []


def verified_report() -> str:
    """The security report of ``security_report_pair``, its customer verified by code; the
    console path of the ticket."""
    from django.utils import timezone

    from tickets.models import Ticket
    from wallet.models import Verification

    urls = security_report_pair()
    ticket = Ticket.objects.get()
    Verification.objects.create(
        kind="ticket",
        conversation_id=ticket.pk,
        wallet_user_id="w-2002",
        method=Verification.Method.SMS,
        verified_at=timezone.now(),
    )
    return urls["console"]


def test_an_agent_changes_the_contact_email_of_a_verified_customer(
    live_daphne, page_factory, shots
):
    path = off_the_browser_thread(verified_report)
    console = page_factory()
    sign_in(console, live_daphne.url, "lina")
    console.set_viewport_size({"width": 1280, "height": 900})

    for lang in ("zh-hans", "en"):
        console.goto(live_daphne.url + path.replace("/en/", f"/{lang}/", 1))
        console.locator("[data-contact-email] summary").click()
        box = console.locator("section[aria-labelledby='p-customer']").bounding_box()
        box["y"] += console.evaluate("window.scrollY")  # page coordinates for a full-page shot
        console.screenshot(
            path=shots / f"security-desk-contact-email-{lang}-1280.png", full_page=True, clip=box
        )
    console.get_by_label("New contact e-mail").fill("emma.new@example.com")
    console.locator("[data-contact-email]").get_by_role("button", name="Save").click()

    expect(console.locator(".alert--success")).to_contain_text("The contact e-mail is changed")
    expect(console.locator("section[aria-labelledby='p-customer']")).to_contain_text(
        "emma.new@example.com"
    )
