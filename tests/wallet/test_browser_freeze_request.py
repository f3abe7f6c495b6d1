"""A chat customer reporting unauthorised activity presses "Freeze my wallet account" in the
widget (real Chromium, real daphne): they are told the freeze was asked, the agent sees the
request on the conversation's wallet page and applies it with one click, and the customer is
told the account is frozen. Both in the customer's language (here Chinese)."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_security_desk import EMAIL, desk_ready
from tests.chat.test_browser_chat import off_the_browser_thread, sign_in
from wallet.models import DemoAccount

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_customer_asks_from_the_chat_and_the_agent_freezes_in_one_click(
    live_daphne, page_factory
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
    chat.locator("#chat-freeze-dialog").get_by_role("button", name="冻结我的账户").click()
    log = chat.locator("#chat-log")
    expect(log).to_contain_text("您已申请冻结钱包账户。")
    expect(chat.get_by_role("button", name="冻结我的钱包账户")).to_be_hidden()

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
