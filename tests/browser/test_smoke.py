import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("path", "heading"),
    [("/zh-hans/", "有什么可以帮您"), ("/en/", "How can we help?")],
)
def test_home_page_loads_without_console_errors(live_daphne, page_factory, path, heading):
    page = page_factory()

    response = page.goto(live_daphne.url + path)

    assert response.status == 200
    assert heading in page.locator("h1").first.inner_text()
    assert page.console_errors == []


def test_language_switcher_moves_between_languages(live_daphne, page_factory):
    page = page_factory()
    page.goto(live_daphne.url + "/zh-hans/")

    page.get_by_role("link", name="English").click()

    page.wait_for_url("**/en/")
    assert "How can we help?" in page.locator("h1").first.inner_text()
