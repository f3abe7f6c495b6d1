"""Accessibility of the customer pages in real Chromium, on the demo data: axe-core (vendored
in tests/vendor/axe-core, never served) finds no serious or critical violation in either
language at 360 and 1280 px, and every tap target at 360 px is at least 44 × 44 CSS px.
docs/accessibility.md says what is checked and which elements are exempt."""

import io
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
from django.core.management import call_command
from django.db import connection
from playwright.sync_api import Frame, Page, expect

from core.models import BusinessHours, Holiday
from helpcenter.demo import DEMO_CUSTOMER
from tests.chat.factories import PresenceFactory
from tests.factories import staff_user
from tickets.access import portal_url
from tickets.models import Ticket

# transaction=True: the daphne subprocess must see the demo rows.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = (Path(__file__).parents[1] / "vendor" / "axe-core" / "axe.min.js").read_text()

# axe-core's default rules (WCAG 2.0-2.2 A and AA, best practices); serious and critical fail.
AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" "))}`);
}"""

SMALL_TAP_TARGETS = (Path(__file__).parent / "small_tap_targets.js").read_text()


def off_the_browser_thread(setup: Callable[[], Any]) -> Any:
    """Run ``setup`` in another thread: Playwright's sync API keeps an event loop running in
    this one, where the services' after-commit broadcasts (async_to_sync) cannot run."""

    def run() -> Any:
        try:
            return setup()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


def demo_site() -> Ticket:
    """The demo data a new user sees, an agent online (so the chat offers to start), and the
    ticket whose portal page is checked: a solved one, so its rating form shows too. Support is
    made open around the clock: the demo's hours end at 22:00 in Shanghai and list holidays,
    and the pages must not depend on when the suite runs."""
    call_command("seed_demo", stdout=io.StringIO())
    BusinessHours.objects.all().delete()
    Holiday.objects.all().delete()
    PresenceFactory(user=staff_user("agent", username="online-agent"))
    return Ticket.objects.filter(status=Ticket.Status.SOLVED).order_by("pk").first()


def customer_pages(lang: str, ticket: Ticket) -> dict[str, str]:
    query = "支付" if lang == "zh-hans" else "payment"
    return {
        "home": f"/{lang}/",
        "category": f"/{lang}/categories/payment-failed/",
        "article": f"/{lang}/articles/payment-failed-what-to-check/",
        "search": f"/{lang}/search/?q={query}",
        "request form": f"/{lang}/requests/new/",
        "portal": portal_url(ticket, language=lang, absolute=False),
        "sign-in": f"/{lang}/account/login/",
        "full-page chat": f"/{lang}/chat/",
    }


def axe_violations(target: Page | Frame) -> list[str]:
    target.evaluate(AXE)
    return target.evaluate(AXE_RUN)


def open_widget(page: Page, base_url: str, lang: str) -> Frame:
    """The home page with the chat launcher opened: the widget's frame, booted on "Search our
    help" (the demo has articles)."""
    page.goto(f"{base_url}/{lang}/")
    page.locator(".launcher").click()  # Playwright's CSS reaches into the launcher's shadow root
    frame_element = page.locator("iframe").first
    expect(frame_element).to_be_visible()
    frame = frame_element.element_handle().content_frame()
    expect(frame.locator("#chat[data-panel='help']")).to_be_visible()
    return frame


def to_chat_form(frame: Frame) -> None:
    """From the widget's help panel to its pre-chat form ("Chat with us")."""
    frame.locator("[data-help-action='chat']").click()
    expect(frame.locator("#chat[data-panel='start']")).to_be_visible()


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_axe_finds_no_serious_violation_on_customer_pages(live_daphne, page_factory, lang):
    ticket = off_the_browser_thread(demo_site)
    found: dict[str, list[str]] = {}

    # Both widths in one test: loading the demo data is its slow part.
    for width in (360, 1280):
        page = page_factory(viewport={"width": width, "height": 800})
        for name, path in customer_pages(lang, ticket).items():
            page.goto(live_daphne.url + path)
            found[f"{name} at {width} px"] = axe_violations(page)
        frame = open_widget(page, live_daphne.url, lang)
        found[f"home with the widget open at {width} px"] = axe_violations(page)
        found[f"widget's help at {width} px"] = axe_violations(frame)
        to_chat_form(frame)
        found[f"widget's chat form at {width} px"] = axe_violations(frame)

    assert {name: v for name, v in found.items() if v} == {}


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_tap_targets_are_at_least_44px_at_360px(live_daphne, page_factory, lang):
    ticket = off_the_browser_thread(demo_site)
    page = page_factory(viewport={"width": 360, "height": 640})
    found: dict[str, list[str]] = {}

    for name, path in customer_pages(lang, ticket).items():
        page.goto(live_daphne.url + path)
        found[name] = page.evaluate(SMALL_TAP_TARGETS)
    frame = open_widget(page, live_daphne.url, lang)
    found["home with the widget open"] = page.evaluate(SMALL_TAP_TARGETS)
    found["widget's help"] = frame.evaluate(SMALL_TAP_TARGETS)
    to_chat_form(frame)
    found["widget's chat form"] = frame.evaluate(SMALL_TAP_TARGETS)

    assert {name: v for name, v in found.items() if v} == {}


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_the_signed_in_customers_requests_and_chat_pages_pass_axe(live_daphne, page_factory, lang):
    """My requests and a past chat read from it (the demo customer's, answered by an agent):
    no serious violation at either width, and 44 px tap targets on a phone."""
    off_the_browser_thread(demo_site)
    found: dict[str, list[str]] = {}
    page = page_factory(viewport={"width": 360, "height": 800})
    page.goto(f"{live_daphne.url}/{lang}/account/login/?next=/{lang}/requests/mine/")
    page.locator("input[name=username]").fill(DEMO_CUSTOMER["username"])
    page.locator("input[name=password]").fill(DEMO_CUSTOMER["password"])
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/{lang}/requests/mine/")

    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(f"{live_daphne.url}/{lang}/requests/mine/")
        found[f"my requests at {width} px"] = axe_violations(page)
        page.locator("a[href*='/requests/mine/chats/']").first.click()
        expect(page.locator(".ticket-msg--agent")).to_have_count(1)
        found[f"a chat at {width} px"] = axe_violations(page)
        if width == 360:
            found["a chat's tap targets"] = page.evaluate(SMALL_TAP_TARGETS)

    assert {name: v for name, v in found.items() if v} == {}


def test_header_is_compact_on_a_phone(live_daphne, page_factory):
    page = page_factory(viewport={"width": 360, "height": 640})

    page.goto(live_daphne.url + "/en/account/login/")

    assert page.locator(".site-header").bounding_box()["height"] <= 110


def test_reduced_motion_turns_off_transitions_and_the_launcher_animation(live_daphne, page_factory):
    page = page_factory(reduced_motion="reduce")
    page.goto(live_daphne.url + "/en/")

    card_transition = page.evaluate(
        """() => {
          const card = document.body.appendChild(document.createElement("a"));
          card.className = "card card--link";
          return getComputedStyle(card).transitionDuration.split(", ").map(parseFloat);
        }"""
    )
    page.locator(".launcher").click()

    assert max(card_transition) < 0.001
    assert (
        page.locator(".panel").evaluate("panel => getComputedStyle(panel).animationName") == "none"
    )


@pytest.mark.parametrize(
    ("lang", "name"), [("zh-hans", "钱包帮助中心"), ("en", "Wallet Help Center")]
)
def test_pages_link_a_manifest_and_app_icons_that_load(live_daphne, page_factory, lang, name):
    page = page_factory()
    page.goto(f"{live_daphne.url}/{lang}/")
    manifest_url = live_daphne.url + page.locator("link[rel=manifest]").get_attribute("href")
    touch_icon = page.locator("link[rel=apple-touch-icon]").get_attribute("href")

    manifest = page.request.get(manifest_url).json()
    icons = {
        icon["src"]: page.request.get(urljoin(manifest_url, icon["src"])).status
        for icon in manifest["icons"]
    }

    assert (manifest["name"], manifest["start_url"]) == (name, f"/{lang}/")
    assert icons == {
        "logo.svg": 200,
        "icon-192.png": 200,
        "icon-512.png": 200,
        "icon-maskable-512.png": 200,
    }
    assert page.request.get(live_daphne.url + touch_icon).headers["content-type"] == "image/png"
