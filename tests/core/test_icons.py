"""``{% icon %}`` gives exactly what the icon include gives (core.templatetags.icons)."""

import pytest
from django.template import engines
from django.template.loader import render_to_string

from core.templatetags.icons import icon_svg

NAMES = (
    "lock",
    "clip",
    "inbox",
    "gear",
    "minimise",
    "close",
    "search",
    "mail",
    "phone",
    "form",
    "social",
    "api",
    "chat",
)


@pytest.mark.parametrize("size", ["", "large"])
@pytest.mark.parametrize("name", NAMES)
def test_the_icon_tag_equals_the_include(name, size):
    tag = engines["django"].from_string("{% load icons %}{% icon name size %}")

    assert tag.render({"name": name, "size": size}) == render_to_string(
        "includes/icon.html", {"icon": name, "size": size}
    )
    assert icon_svg(name, size) == render_to_string(
        "includes/icon.html", {"icon": name, "size": size}
    )
