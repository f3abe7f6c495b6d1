"""The customer's "My requests" on a 360 px phone: each request is a card (its fields one under
another, labelled), so the topic and subject read as words instead of a column one character
wide; axe finds no serious violation in either language (docs/accessibility.md)."""

import pytest

from tests.browser.test_accessibility import axe_violations
from tests.factories import UserFactory
from tests.tickets.factories import CategoryFactory, TicketFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_my_requests_stack_into_cards_on_a_phone(live_daphne, page_factory, lang):
    emma = UserFactory(username="emma", password="a-long-pass-phrase-42")
    topic = CategoryFactory(
        slug="top-up", name_en="Top-up and withdrawals", name_zh_hans="充值与提现"
    )
    for subject in ("Top-up missing after 2 hours", "Withdrawal to my bank card is pending"):
        TicketFactory(category=topic, subject=subject, customer=emma)
    page = page_factory(viewport={"width": 360, "height": 800})
    page.goto(f"{live_daphne.url}/{lang}/account/login/")
    page.fill("#id_username", "emma")
    page.fill("#id_password", "a-long-pass-phrase-42")
    page.locator("main button[type=submit]").first.click()
    page.wait_for_load_state()

    page.goto(f"{live_daphne.url}/{lang}/requests/mine/")
    rows = page.locator(".table--stack tbody tr")
    topic_cell = rows.first.locator("td").nth(2).bounding_box()
    card = rows.first.bounding_box()

    assert rows.count() == 2
    assert card["width"] > 300  # the whole width of the phone, not a column
    assert topic_cell["height"] < 60  # the topic on one or two lines, not one character a line
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert axe_violations(page) == []
