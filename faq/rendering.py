"""Markdown to safe HTML, and plain text for snippets and meta descriptions.

Raw HTML in an article is never trusted: markdown-it escapes it (``html`` disabled) and nh3
then keeps only an allow-list of tags, attributes and URL schemes, so ``<script>``,
``javascript:`` links and inline event handlers come out inert.
"""

import html
import re
from functools import cache

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "strong", "em", "b", "i", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td", "img", "kbd", "s",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"align"},
    "td": {"align"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
_BLOCK_TAGS = re.compile(r"</?(?:p|li|h\d|br|tr|td|th|blockquote|pre|ul|ol|table|hr)\b[^>]*>")
_TAGS = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


@cache
def _markdown() -> MarkdownIt:
    # "commonmark" plus tables and strikethrough; html=False turns raw HTML into text.
    return MarkdownIt("commonmark", {"html": False, "linkify": False}).enable(
        ["table", "strikethrough"]
    )


def render_markdown(source: str) -> str:
    """Sanitised HTML for a Markdown body. Safe to mark safe in a template."""
    unsafe = _markdown().render(source or "")
    return nh3.clean(
        unsafe,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def html_to_text(fragment: str) -> str:
    """The visible text of rendered HTML on one line (for snippets and meta descriptions)."""
    spaced = _TAGS.sub("", _BLOCK_TAGS.sub(" ", fragment))
    return _SPACE.sub(" ", html.unescape(spaced)).strip()


def truncate(text: str, length: int) -> str:
    """``text`` cut to at most ``length`` characters, with an ellipsis when cut."""
    if len(text) <= length:
        return text
    return text[: length - 1].rstrip() + "…"
