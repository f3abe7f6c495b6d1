"""``{% icon name %}``: an interface icon as inline SVG, the same markup as
``{% include "includes/icon.html" with icon=name %}`` without an include per use.

A list that shows an icon on each of its 150 rows spent a fifth of its render in those
includes (a template lookup, a context push and a walk of the icon's ``if`` chain each time,
docs/performance.md). The include stays the one definition of every icon: ``icon_svg`` renders
it once per process for each name and size and keeps the result, and a test holds it equal to
the include (tests/core/test_icons.py).
"""

from functools import cache

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@cache
def icon_svg(name: str, size: str = "") -> SafeString:
    """The markup ``includes/icon.html`` renders for ``name`` (and ``size``: "" or "large")."""
    # The include has no translated text and no per-request value, so one render serves all.
    return mark_safe(render_to_string("includes/icon.html", {"icon": name, "size": size}))  # noqa: S308


@register.simple_tag(name="icon")
def icon_tag(name: str, size: str = "") -> SafeString:
    return icon_svg(str(name), str(size))
