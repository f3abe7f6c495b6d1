"""Each language's text is drawn by a font for that language (static/css/tokens.css): an English
page's apostrophe and quotes by a Latin font (a Chinese font draws them full-width, with a gap:
"couldn’t"), a Chinese page's text and punctuation by a Chinese font, and a part in the other
language (the language switcher's link) by that part's own."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fonts_drawing(page, selector: str) -> set[str]:
    """The families Chromium actually drew ``selector``'s text with (not the CSS list)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return {font["familyName"] for font in fonts}


def is_cjk(family: str) -> bool:
    return any(word in family for word in ("CJK", "PingFang", "YaHei", "Hiragino", "Han Sans"))


def test_the_english_404_draws_its_apostrophe_with_a_latin_font(live_daphne, page_factory):
    page = page_factory()
    page.goto(f"{live_daphne.url}/en/no-such-page/")

    heading = fonts_drawing(page, "h1")
    chinese_link = fonts_drawing(page, 'a[lang="zh-hans"]')

    assert page.locator("h1").inner_text() == "We couldn’t find that page"
    assert heading
    assert [family for family in heading if is_cjk(family)] == []
    assert [family for family in chinese_link if not is_cjk(family)] == []


def test_the_chinese_404_draws_its_text_with_a_chinese_font(live_daphne, page_factory):
    page = page_factory()
    page.goto(f"{live_daphne.url}/zh-hans/no-such-page/")

    heading = fonts_drawing(page, "h1")
    english_link = fonts_drawing(page, 'a[lang="en"]')

    assert heading
    assert [family for family in heading if not is_cjk(family)] == []
    assert english_link
    assert [family for family in english_link if is_cjk(family)] == []
