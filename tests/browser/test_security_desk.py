"""The security desk end to end in real browsers against a real daphne and a real SMTP
capture: a customer reports unauthorized activity in the chat, the agent freezes the account
at once, requests verification, the customer types the code from the captured e-mail into the
chat, and the agent then sees the transactions; the customer sees the freeze confirmation.

With HELPCENTER_DOCS_SCREENSHOTS=1 the console's wallet panel is saved to docs/ in both
languages (docs/security-desk-panel-<lang>-1280.png)."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.chat.factories import ConversationFactory, PresenceFactory, TopicFactory
from tests.chat.test_browser_chat import PASSWORD, off_the_browser_thread, sign_in
from tests.factories import staff_user
from tests.wallet.factories import DemoAccountFactory, DemoTransactionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DOCS = Path(__file__).resolve().parents[2] / "docs"
EMAIL = "emma.clark@example.com"


def desk_ready() -> None:
    TopicFactory(
        slug="account-security",
        name_en="Account security",
        name_zh_hans="账户安全",
        is_security=True,
    )
    # Lina has room for one chat and already has one: the report waits for her to accept it.
    lina = staff_user("agent", username="lina", first_name="Lina", password=PASSWORD)
    PresenceFactory(user=lina, capacity=1)
    ConversationFactory()
    account = DemoAccountFactory(email=EMAIL, wallet_user_id="w-2002")
    DemoTransactionFactory(account=account, number="TXN-20261130-0001")


@pytest.fixture
def shots(tmp_path) -> Path:
    return DOCS if os.environ.get("HELPCENTER_DOCS_SCREENSHOTS") == "1" else tmp_path


def test_freeze_then_verify_in_chat_then_the_agent_sees_transactions(
    start_daphne, smtp_capture, page_factory, shots
):
    off_the_browser_thread(desk_ready)
    server = start_daphne(EMAIL_URL=f"smtp://127.0.0.1:{smtp_capture.port}")
    console = page_factory()
    sign_in(console, server.url, "lina")
    expect(console.locator("#cc-conn")).to_have_attribute("data-state", "open")

    customer = page_factory()
    customer.goto(f"{server.url}/en/")
    customer.get_by_role("button", name="Chat with us").click()
    chat = customer.frame_locator("iframe[title='Live chat']")
    expect(chat.locator("#chat[data-panel='start']")).to_be_visible()
    start = chat.locator("#chat-start")
    start.get_by_label("Your name").fill("Emma Clark")
    start.get_by_label("E-mail (optional)").fill(EMAIL)
    start.get_by_label("Topic").select_option("account-security")
    start.get_by_label("How can we help?").fill(
        "Money left my wallet without me. Please freeze it!"
    )
    start.get_by_role("button", name="Start chat").click()

    console.locator("#cc-queue li", has_text="Emma Clark").get_by_role(
        "button", name="Accept"
    ).click()
    pane = console.get_by_role("tabpanel", name="Emma Clark")
    link = pane.locator("[data-f='ctx-security']")
    expect(link).to_have_attribute("href", re.compile(r"/console/security/chat/\d+/$"))
    desk = console.context.new_page()
    desk.goto(server.url + link.get_attribute("href"))

    desk.get_by_label("Freeze the account now (no verification needed)").fill(
        "Customer reports unauthorized payments"
    )
    desk.get_by_role("button", name="Freeze", exact=True).click()
    expect(desk.locator(".alert--success")).to_contain_text("The account is frozen.")
    log = chat.locator("#chat-log")
    expect(log).to_contain_text("For your protection we have frozen your wallet account")

    desk.get_by_label("Registered e-mail").check()
    desk.get_by_role("button", name="Send verification code").click()
    expect(desk.locator(".alert--success")).to_contain_text("A code was sent to")
    expect(desk.locator("[data-transactions]")).to_have_count(0)
    expect(log).to_contain_text("we sent a 6-digit verification code")

    sent = smtp_capture.wait_for(lambda m: m["To"] == EMAIL and "verification code" in str(m))
    code = re.search(r"\b(\d{6})\b", sent.get_body(("plain",)).get_content()).group(1)
    chat.get_by_label("Type your message").fill(code)
    chat.get_by_role("button", name="Send").click()
    expect(log).to_contain_text("Thank you, your identity is verified.")
    # Stored and shown to the agent without the code (the customer's own screen keeps what
    # they typed until it reloads).
    expect(pane.locator(".chat-msg--theirs").last).to_contain_text("••••••")
    expect(pane).not_to_contain_text(code)

    desk.reload()
    expect(desk.locator("[data-verification-state]")).to_contain_text("Verified")
    expect(desk.locator("[data-transactions]")).to_contain_text("TXN-20261130-0001")
    desk.set_viewport_size({"width": 1280, "height": 900})
    desk.screenshot(path=shots / "security-desk-panel-en-1280.png")
    desk.goto(server.url + link.get_attribute("href").replace("/en/", "/zh-hans/", 1))
    expect(desk.locator("[data-verification-state]")).to_contain_text("已验证")
    desk.screenshot(path=shots / "security-desk-panel-zh-hans-1280.png")


def frozen_report_with_a_code_pending() -> dict[str, str]:
    """A security report whose account an agent froze and for which a code was sent; the
    portal links in both languages."""
    from django.core import mail

    from tests.tickets.factories import CategoryFactory, TicketFactory
    from tickets import access
    from tickets.services import ticket_ref
    from wallet import services

    topic = CategoryFactory(
        slug="account-security",
        name_en="Account security",
        name_zh_hans="账户安全",
        is_security=True,
    )
    DemoAccountFactory(email=EMAIL)
    ticket = TicketFactory(
        category=topic,
        email=EMAIL,
        language="en",
        subject="Money left my account without me",
        description="Two payments I did not make this morning. Please freeze my account.",
    )
    agent = staff_user("agent", username="lina", first_name="Lina")
    ref = ticket_ref(ticket)
    services.account_freeze(ref=ref, reason="unauthorised payments", by=agent)
    services.verification_request(ref=ref, agent=agent, channel="email")
    mail.outbox.clear()
    return {lang: access.portal_url(ticket, language=lang, absolute=False) for lang in LANGS}


LANGS = ("en", "zh-hans")


def test_the_customer_sees_the_freeze_and_the_code_field_on_the_ticket_page(
    live_daphne, page_factory, shots
):
    urls = off_the_browser_thread(frozen_report_with_a_code_pending)
    page = page_factory()

    page.goto(live_daphne.url + urls["en"])
    expect(page.locator("[data-frozen]")).to_contain_text(
        "Your wallet account is frozen for your protection."
    )
    expect(page.get_by_label("Verification code")).to_be_visible()
    for lang in LANGS:
        page.goto(live_daphne.url + urls[lang])
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=shots / f"security-desk-ticket-{lang}-{width}.png")

    # A wrong code (one in a million it is the real one) is refused with a message.
    page.get_by_label("验证码").fill("000000")
    page.get_by_role("button", name="验证").click()
    expect(page.locator(".alert--error")).to_contain_text("验证码未通过")
