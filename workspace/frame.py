"""Parts of the inbox's frame written once or without the template engine's per-item work.

- ``shortcuts_dialog()``: the ``?`` dialog (``workspace/_keys.html``) has no value but its
  language, so it is rendered once per language and process.
- ``bulk_bar(request, list_query)``: the action bar (``workspace/_bulk.html``, one menu item
  per agent and per tag) is the same for every agent of a language but for the list's query
  and the CSRF token, so it comes from a copy kept by ``core.person_pages.render_part``, keyed
  by what its menus offer (the kept agents and tags of ``workspace.offered``, so an edit makes
  a new copy); tests/workspace/test_frame.py holds it equal to the plain render.
- ``select_html(field)``: a filter of the filter bar as Django's ``Select`` widget renders it
  (``str(field)``), written in Python: Django renders each ``<option>`` through two template
  includes, which made the five filters a tenth of an inbox page's CPU. The widget's own
  context (its attributes and option groups) is used, only the markup is written here;
  tests/workspace/test_frame.py holds it equal to ``str(field)`` for every filter, chosen or
  not, with hostile labels, in both languages.
"""

from functools import cache
from typing import Any

from django.forms import BoundField
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from core.i18n import localized
from core.person_pages import render_part
from workspace.selectors import bulk_choices


def _text(value: Any) -> str:
    """``{{ value }}``: escaped unless already safe."""
    return str(conditional_escape(value))


def _formatted(value: Any) -> str:
    """``{{ value|stringformat:'s' }}``: always a plain string, so always escaped."""
    return str(conditional_escape(str(value)))


def _attrs(attrs: dict[str, Any]) -> str:
    """``django/forms/widgets/attrs.html``."""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        out.append(f" {_text(name)}" if value is True else f' {_text(name)}="{_formatted(value)}"')
    return "".join(out)


def select_html(field: BoundField) -> SafeString:
    """``str(field)`` for a field with a ``Select`` widget (``BoundField.as_widget``)."""
    widget = field.field.widget
    attrs = field.build_widget_attrs({}, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    context = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    out = [f'<select name="{_text(context["name"])}"{_attrs(context["attrs"])}>']
    for group_name, options, _index in context["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{_text(group_name)}">')
        # Each option's template ends with a line break of its own.
        out.extend(
            f'\n  <option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
            f"{_text(option['label'])}</option>\n"
            for option in options
        )
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return mark_safe("".join(out))  # noqa: S308  (every value escaped as the template does)


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
