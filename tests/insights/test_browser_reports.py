"""In Chromium: a supervisor watches the live floor, opens the reports, sees a chart beside
its table and downloads a table as CSV."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from insights import services
from tests.chat.factories import ConversationFactory, PresenceFactory
from tests.factories import staff_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, base: str) -> None:
    page.goto(base + "/en/account/login/")
    page.fill("#id_username", "mei")
    page.fill("#id_password", "super-pass-123")
    page.locator("main").get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/en/console/")


def test_a_supervisor_sees_the_floor_a_chart_and_downloads_a_csv(live_daphne, page_factory):
    staff_user("supervisor", username="mei", first_name="Mei", password="super-pass-123")
    agent = staff_user("agent", first_name="Lina")
    PresenceFactory(user=agent, capacity=1)
    ConversationFactory(name="Busy customer")
    ConversationFactory(name="Waiting customer")
    services.event_record(
        kind="first_public_response",
        at=timezone.now() - dt.timedelta(hours=1),
        ticket_id=1,
        data={"business_seconds": 600, "within": True, "priority": "normal"},
    )
    page = page_factory(viewport={"width": 1280, "height": 900})
    sign_in(page, live_daphne.url)

    page.goto(live_daphne.url + "/en/console/dashboard/")
    expect(page.locator("#floor-state")).to_have_attribute("data-state", "open")
    expect(page.locator('[data-figure="waiting"] .ins-card__value')).to_have_text("1")
    expect(page.locator('[data-figure="active"] .ins-card__value')).to_have_text("1")
    expect(page.locator("#floor")).to_contain_text("Lina")

    page.get_by_role("link", name="Reports", exact=True).first.click()
    page.wait_for_url("**/console/dashboard/reports/")
    chart = page.locator('svg[data-chart="first-response.median"]')
    expect(chart).to_be_visible()
    expect(chart.locator("rect.ins-chart__bar")).to_have_count(30)
    expect(page.locator('[data-card="first-response.median"] .ins-card__value')).to_contain_text(
        "10.0"
    )
    section = page.locator("#first-response")
    with page.expect_download() as download_info:
        section.get_by_role("link", name="Download CSV").click()
    download = download_info.value

    assert download.suggested_filename.startswith("first-response-")
    with open(download.path(), encoding="utf-8-sig") as saved:
        text = saved.read()
    assert text.splitlines()[0].startswith("Day,Count,Median (min)")
    assert text.splitlines()[-1].startswith("Total,1,10.0")
    assert page.console_errors == []
