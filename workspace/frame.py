"""Parts of the inbox's frame written once or without the template engine's per-item work.

- ``shortcuts_dialog()``: the ``?`` dialog (``workspace/_keys.html``) has no value but its
  language, so it is rendered once per language and process.
- ``bulk_bar(request, list_query)``: the action bar (``workspace/_bulk.html``, one menu item
  per agent and per tag) is the same for every agent of a language but for the list's query
  and the CSRF token, so it comes from a copy kept by ``core.person_pages.render_part``, keyed
  by what its menus offer (the kept agents and tags of ``workspace.offered``, so an edit makes
  a new copy); tests/workspace/test_frame.py holds it equal to the plain render.

The filter bar's menus are written by ``core.widgets.select_html`` (``{% select field %}``);
tests/workspace/test_frame.py holds them equal to ``str(field)`` for every filter.
"""

from functools import cache

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from core.i18n import localized
from core.person_pages import render_part
from workspace.selectors import bulk_choices


@cache
def _dialog(language: str) -> SafeString:
    # The template has no per-request value: the language (active while rendering) is all.
    return mark_safe(render_to_string("workspace/_keys.html"))  # noqa: S308


def shortcuts_dialog() -> SafeString:
    """The keyboard shortcuts dialog in the active language."""
    return _dialog(get_language())


def bulk_bar(request: HttpRequest, list_query: str) -> SafeString:
    """``workspace/_bulk.html`` rendered with ``bulk_choices()`` and ``list_query``."""
    bulk = bulk_choices()
    offers = (
        tuple(bulk["agents"]),
        tuple((tag.pk, tag.colour, localized(tag, "name")) for tag in bulk["tags"]),
    )
    return render_part(
        request,
        "workspace/_bulk.html",
        lambda fill: {"bulk": bulk, "list_query": fill("list", list_query)},
        values={"list": list_query},
        key=offers,
    )
