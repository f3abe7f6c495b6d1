"""In Chromium: the report's filters are the product's own controls (no browser date picker,
no <select>): a range menu and choice menus used with the keyboard, and typed dates with a
translated error."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from insights.forms import preset_range
from tests.factories import staff_user
from tests.insights.test_browser_reports import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
REPORTS = "/en/console/dashboard/reports/"


@pytest.fixture
def supervisor_page(live_daphne, page_factory):
    staff_user("supervisor", username="mei", first_name="Mei", password="super-pass-123")
    page = page_factory(viewport={"width": 1280, "height": 900})
    sign_in(page, live_daphne.url)
    page.goto(live_daphne.url + REPORTS)
    return page


def test_the_filters_have_no_browser_date_picker_and_no_select(supervisor_page):
    page = supervisor_page

    assert page.locator("form[data-report-filters] select").count() == 0
    assert page.locator("form[data-report-filters] input[type=date]").count() == 0
    expect(page.get_by_role("button", name="Date range Last 30 days")).to_be_visible()


def test_a_range_is_chosen_from_its_menu_with_the_keyboard(supervisor_page):
    page = supervisor_page
    first, last = preset_range("7", timezone.localdate())

    page.get_by_role("button", name="Date range Last 30 days").focus()
    page.keyboard.press("ArrowDown")  # opens the menu on the checked item (Last 30 days)
    expect(page.get_by_role("menuitemradio", name="Last 30 days")).to_be_focused()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Enter")

    page.wait_for_url(f"**start={first.isoformat()}&end={last.isoformat()}**")
    expect(page.get_by_role("button", name="Date range Last 7 days")).to_be_visible()
    assert page.console_errors == []


def test_a_channel_is_chosen_from_its_menu_and_applied(supervisor_page):
    page = supervisor_page

    page.get_by_role("button", name="Channel All channels").click()
    page.get_by_role("menuitemradio", name="E-mail").click()
    expect(page.get_by_role("button", name="Channel E-mail")).to_be_focused()
    page.get_by_role("button", name="Show").click()

    page.wait_for_url("**channel=email**")
    expect(page.get_by_role("button", name="Channel E-mail")).to_be_visible()


def test_escape_closes_a_menu_and_gives_the_focus_back(supervisor_page):
    page = supervisor_page
    button = page.get_by_role("button", name="Topic All topics")

    button.click()
    expect(page.get_by_role("menu", name="Topic")).to_be_visible()
    page.keyboard.press("Escape")

    expect(page.get_by_role("menu", name="Topic")).to_be_hidden()
    expect(button).to_be_focused()


def test_a_date_typed_wrong_gets_a_translated_error_beside_the_field(live_daphne, supervisor_page):
    page = supervisor_page
    page.goto(live_daphne.url + "/zh-hans/console/dashboard/reports/")

    page.locator("#id_start").fill("2026/3/2")
    page.get_by_role("button", name="显示").click()

    field = page.locator("#id_start")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_start-error")).to_contain_text("YYYY-MM-DD")
    expect(page.locator("#id_start-error")).to_contain_text("请")


def test_typing_dates_makes_the_range_custom(supervisor_page):
    page = supervisor_page
    day = (timezone.localdate() - dt.timedelta(days=3)).isoformat()

    page.get_by_label("From").fill(day)

    expect(page.get_by_role("button", name="Date range Custom dates")).to_be_visible()
