from html.parser import HTMLParser

from faq.rendering import html_to_text, render_markdown


class _Elements(HTMLParser):
    """Every element and attribute a browser would build from the HTML."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [(name, value or "") for name, value in attrs]


def test_script_tags_become_visible_text_not_elements():
    html = render_markdown("Hello <script>alert(1)</script>")

    assert "script" not in _Elements(html).tags
    assert "&lt;script&gt;" in html


def test_javascript_links_do_not_become_links():
    html = render_markdown('[click](javascript:alert(1)) <a href="javascript:alert(2)">x</a>')

    hrefs = [value for name, value in _Elements(html).attributes if name == "href"]
    assert not [href for href in hrefs if href.lower().startswith("javascript")]


def test_inline_event_handlers_never_become_attributes():
    html = render_markdown(
        '<img src="x" onerror="alert(1)"> <b onclick="x()">b</b> ![pic](x.png "t\\" onload=\\"1")'
    )

    names = [name for name, _ in _Elements(html).attributes]
    assert "src" in names
    assert not [name for name in names if name.startswith("on")]


def test_safe_links_are_kept_and_marked_nofollow():
    html = render_markdown("[help](https://example.com/help)")

    assert ("href", "https://example.com/help") in _Elements(html).attributes
    assert "nofollow" in html


def test_tables_and_lists_render():
    tags = _Elements(render_markdown("| a | b |\n| - | - |\n| 1 | 2 |\n\n1. one\n2. two")).tags

    assert "table" in tags
    assert "ol" in tags


def test_plain_text_keeps_words_apart_across_blocks():
    assert html_to_text("<p>One <strong>two</strong></p><p>three</p>") == "One two three"
