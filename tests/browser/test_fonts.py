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


LABEL = ".launcher span:nth-of-type(2)"


def launcher_label_fonts(page) -> set[str]:
    """The families drawing the chat launcher's label, inside the launcher's shadow root."""
    page.locator("#hc-chat .launcher").wait_for()
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    cdp.send("DOM.getDocument", {"depth": -1, "pierce": True})
    label = cdp.send(
        "Runtime.evaluate",
        {"expression": f"document.getElementById('hc-chat').shadowRoot.querySelector('{LABEL}')"},
    )["result"]["objectId"]
    node = cdp.send("DOM.requestNode", {"objectId": label})["nodeId"]
    return {
        font["familyName"]
        for font in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    }


def test_the_chat_launcher_draws_english_with_a_latin_font_and_chinese_with_a_chinese_one(
    live_daphne, page_factory
):
    english = page_factory()
    english.goto(f"{live_daphne.url}/en/")
    chinese = page_factory()
    chinese.goto(f"{live_daphne.url}/zh-hans/")

    english_fonts = launcher_label_fonts(english)
    chinese_fonts = launcher_label_fonts(chinese)

    assert english_fonts
    assert [family for family in english_fonts if is_cjk(family)] == []
    assert chinese_fonts
    assert [family for family in chinese_fonts if not is_cjk(family)] == []
