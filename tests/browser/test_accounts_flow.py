"""A customer's account in real Chromium against daphne and a Celery worker, in both
languages: a guest sends a request; the same person signs up with that address and does not
see it until they confirm the address from the e-mail; then resets the password from the
sign-in page; and a typo search says what it searched, with a link to the words as typed.
Screenshots of the new screens are taken at 1280 and 390 px, into docs/ when
HELPCENTER_DOCS_SCREENSHOTS=1 (how docs/accounts-*.png were made), else into a temporary
directory, so a test run leaves the tree as it was."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from faq.demo import load as load_demo_kb
from tests.tickets.factories import CategoryFactory
from tickets.models import Ticket

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DOCS = Path(__file__).resolve().parents[2] / "docs"
PATH_RE = r"https?://[^/\s]+(/\S*{marker}\S*)"
TEXTS = {
    "en": {"check": "Check your e-mail", "confirmed": "is confirmed", "showing": "Showing results"},
    "zh-hans": {"check": "请查收邮件", "confirmed": "已确认", "showing": "的搜索结果"},
}


def plain(message) -> str:
    return message.get_body(("plain",)).get_content()


def link_path(message, marker: str) -> str:
    return re.search(PATH_RE.format(marker=re.escape(marker)), plain(message)).group(1)


@pytest.fixture
def shots(tmp_path) -> Path:
    return DOCS if os.environ.get("HELPCENTER_DOCS_SCREENSHOTS") == "1" else tmp_path


def screenshots(page, folder: Path, name: str, language: str) -> None:
    """The current screen at desktop and phone widths, as accounts-<name>-<lang>-<w>.png."""
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=folder / f"accounts-{name}-{language}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_guest_request_joins_the_account_after_confirmation_then_password_reset_and_search(
    start_daphne, celery_worker, smtp_capture, page_factory, shots, language
):
    server = start_daphne(EMAIL_URL=f"smtp://127.0.0.1:{smtp_capture.port}")
    load_demo_kb()
    category = CategoryFactory(slug="payment-failed", name_en="Payment failed")
    email = f"wang.fang.{language}@example.com"
    site = f"{server.url}/{language}"
    texts = TEXTS[language]
    page = page_factory(viewport={"width": 1280, "height": 900})

    # A guest sends a request.
    page.goto(f"{site}/requests/new/")
    page.select_option("#id_category", str(category.pk))
    page.fill("#id_subject", "Top-up not received")
    page.fill("#id_description", "I topped up 200 yuan this morning and it has not arrived.")
    page.fill("#id_name", "Wang Fang")
    page.fill("#id_email", email)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/requests/t/**")
    reference = Ticket.objects.get(customer_email=email).reference

    # The same person signs up with that address: told to check their e-mail.
    page.goto(f"{site}/account/signup/")
    page.fill("#id_name", "Wang Fang")
    page.fill("#id_email", email)
    page.fill("#id_password", "a-long-pass-phrase-42")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/account/email/check/")
    expect(page.locator("h1")).to_have_text(texts["check"])
    screenshots(page, shots, "check-email", language)

    # Before confirming, the guest request is not theirs.
    page.goto(f"{site}/requests/mine/")
    expect(page.locator("main")).not_to_contain_text(reference)

    # The link from the e-mail (sent by the worker), then the button, confirms the address.
    confirmation = smtp_capture.wait_for(
        lambda m: m["To"] == email and "/account/email/confirm/" in plain(m)
    )
    page.goto(server.url + link_path(confirmation, "/account/email/confirm/"))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/requests/mine/")
    expect(page.locator("main")).to_contain_text(texts["confirmed"])
    expect(page.get_by_role("link", name=reference)).to_be_visible()

    page.goto(f"{site}/account/")
    screenshots(page, shots, "account", language)

    # Signed out, they reset the password from the sign-in page.
    page.locator(".site-nav form button[type=submit]").click()
    expect(page.locator(".site-nav form")).to_have_count(0)
    page.goto(f"{site}/account/login/")
    page.locator(f"a[href='/{language}/account/password-reset/']").click()
    page.wait_for_url("**/account/password-reset/")
    screenshots(page, shots, "password-reset", language)
    page.fill("#id_email", email)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/account/password-reset/sent/")
    screenshots(page, shots, "password-reset-sent", language)
    reset = smtp_capture.wait_for(lambda m: m["To"] == email and "/account/reset/" in plain(m))
    page.goto(server.url + link_path(reset, "/account/reset/"))
    page.fill("#id_new_password1", "another-long-phrase-7")
    page.fill("#id_new_password2", "another-long-phrase-7")
    screenshots(page, shots, "password-new", language)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/account/reset/done/")
    page.goto(f"{site}/account/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", "another-long-phrase-7")
    page.locator("main form button[type=submit]").click()
    page.goto(f"{site}/requests/mine/")
    expect(page.get_by_role("link", name=reference)).to_be_visible()

    # A typo search says what it searched; the link searches the word as typed.
    page.goto(f"{site}/search/?q=pasword")
    correction = page.locator(".faq-search__corrected")
    expect(correction).to_contain_text(texts["showing"])
    expect(correction.locator("strong")).to_have_text("password")
    screenshots(page, shots, "search-correction", language)
    correction.locator("a").click()
    page.wait_for_url("**exact=1**")
    expect(page.locator(".faq-search__corrected")).to_have_count(0)
    assert page.console_errors == []
