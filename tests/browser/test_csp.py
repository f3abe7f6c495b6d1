"""The Content-Security-Policy in a real browser: the product's own pages run under it without a
single violation, and script injected into a page does not run."""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from tests.chat.factories import PresenceFactory, TopicFactory
from tests.factories import staff_user
from tests.faq.factories import ArticleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "csp-pass-2026"
# Reports every violation in any frame of the page (the chat runs in an iframe) to the test,
# and keeps the frame's own list for waiting on from the page.
REPORT_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const text = `${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}`;
  window.cspViolations.push(text);
  window.reportViolation(text);
});
"""


@pytest.fixture
def watched_page(page_factory) -> Callable:
    """A page that records CSP violations (``page.violations``) besides console errors."""

    def new_page():
        page = page_factory()
        page.violations = []
        page.context.expose_function("reportViolation", lambda text: page.violations.append(text))
        page.context.add_init_script(REPORT_VIOLATIONS)
        return page

    return new_page


def sign_in(page, base_url: str, username: str, then: str) -> None:
    page.goto(f"{base_url}/en/account/login/?next={then}")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{then}")


def test_customer_pages_and_the_chat_widget_run_without_violations(live_daphne, watched_page):
    article = ArticleFactory(title_en="Refund a failed payment")
    topic = TopicFactory(slug="payment-failed", name_en="Payment failed")
    PresenceFactory(user=staff_user("agent"))
    page = watched_page()

    page.goto(f"{live_daphne.url}/en/")
    expect(page.get_by_role("button", name="Chat with us")).to_be_visible()
    page.goto(f"{live_daphne.url}/en/articles/{article.slug}/")
    expect(page.locator("h1")).to_have_text("Refund a failed payment")
    page.goto(f"{live_daphne.url}/en/search/?q=refund")
    expect(page.locator("main")).to_contain_text("Refund a failed payment")
    page.goto(f"{live_daphne.url}/en/requests/new/")
    page.select_option("#id_category", str(topic.pk))
    page.fill("#id_subject", "Payment failed at checkout")
    page.fill("#id_description", "The payment failed with error E1024 twice today.")
    page.fill("#id_name", "Wang Fang")
    page.fill("#id_email", "wang.fang@example.com")
    page.get_by_role("button", name="Send request").click()
    page.wait_for_url("**/requests/t/**")
    page.get_by_role("button", name="Chat with us").click()
    chat = page.frame_locator("iframe[title='Live chat']")
    # The widget has booted in its frame on "Search our help" (there is an article to find).
    expect(chat.locator(".chat-help__result")).to_have_text(re.compile("Refund a failed payment"))
    chat.get_by_role("button", name="Chat with us").click()
    # Then availability read, start panel chosen.
    expect(chat.locator("#chat[data-panel='start']")).to_be_visible()
    expect(chat.locator("#chat-start").get_by_label("Topic")).to_contain_text("Payment failed")

    assert page.violations == []
    assert page.console_errors == []


def test_staff_console_and_admin_run_without_violations(live_daphne, watched_page):
    staff_user("agent", username="lina", password=PASSWORD)
    staff_user("supervisor", username="mei", password=PASSWORD)
    agent = watched_page()
    supervisor = watched_page()

    sign_in(agent, live_daphne.url, "lina", "/en/console/chat/")
    # The console's websocket is open: connect-src 'self' covers this host's ws:.
    expect(agent.locator("#cc-conn")).to_have_attribute("data-state", "open")
    agent.goto(f"{live_daphne.url}/en/console/tickets/")
    expect(agent.locator("h1")).to_be_visible()
    sign_in(supervisor, live_daphne.url, "mei", "/admin/")
    expect(supervisor.locator("#site-name")).to_be_visible()
    supervisor.goto(f"{live_daphne.url}/admin/faq/article/add/")
    expect(supervisor.locator("#article_form")).to_be_visible()

    assert agent.violations == []
    assert agent.console_errors == []
    assert supervisor.violations == []
    assert supervisor.console_errors == []


def test_styles_moved_out_of_the_pages_still_apply(live_daphne, watched_page):
    page = watched_page()

    page.goto(f"{live_daphne.url}/en/account/login/")

    launcher = page.get_by_role("button", name="Chat with us")
    expect(launcher).to_have_css("background-color", "rgb(10, 91, 211)")
    expect(launcher).to_have_css("position", "fixed")
    expect(page.locator("main .container")).to_have_css("max-width", "448px")
    expect(page.locator("main .card p").last).to_have_css("margin-top", "16px")
    assert page.violations == []


def test_script_and_style_injected_into_a_page_do_not_apply(live_daphne, watched_page):
    page = watched_page()
    page.goto(f"{live_daphne.url}/en/")

    page.evaluate(
        """() => {
        const box = document.createElement("div");
        box.id = "injected";
        box.innerHTML = '<img src="/no-such-image" onerror="window.__pwned = 1">'
          + '<p style="color: rgb(255, 0, 0)">injected</p>';
        document.body.append(box);
        const script = document.createElement("script");
        script.textContent = "window.__pwned = 2";
        document.body.append(script);
    }"""
    )

    # Both were refused (an inline script runs as it is inserted, the handler when the image
    # fails, which is what its refusal waits for).
    page.wait_for_function(
        "() => ['script-src-elem', 'script-src-attr'].every("
        "(name) => window.cspViolations.some((v) => v.startsWith(name)))"
    )
    expect(page.locator("#injected p")).not_to_have_css("color", "rgb(255, 0, 0)")
    assert page.evaluate("() => window.__pwned") is None
    assert any(v.startswith("script-src-elem") for v in page.violations)
    assert any(v.startswith("script-src-attr") for v in page.violations)
