"""Form widgets written without Django's per-option template includes.

``select_html(field)`` is ``str(field)`` for a field with a ``Select`` widget, written in
Python: Django renders each ``<option>`` through two template includes (the option and its
attributes), which made the inbox's five filters a tenth of its page's CPU and the ticket
page's four property menus a sixth of its. The widget's own context (attributes, option groups,
the chosen values) is used, only the markup is written here; tests/workspace/test_frame.py
(the inbox's filters) and tests/tickets/test_console_page.py (the ticket page's menus) hold it
equal to ``str(field)`` for each form that uses it, chosen or not, with hostile labels, in
both languages. ``{% select field %}`` (``core/templatetags/widgets.py``) writes it in a template.

``input_html(field)`` does the same for a text, hidden, e-mail or file input and a textarea
(``{% input field %}``), each of which Django renders through two template includes; any
other widget (or a file input showing a current file) is rendered by Django itself.
"""

from typing import Any

from django.forms import BoundField
from django.forms.widgets import ClearableFileInput, Input, Textarea
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe


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


def _widget_context(field: BoundField) -> dict[str, Any]:
    """The context ``BoundField.as_widget`` renders the field's widget with."""
    widget = field.field.widget
    attrs = field.build_widget_attrs({}, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    return widget.get_context(field.html_name, field.value(), attrs)["widget"]


def select_html(field: BoundField) -> SafeString:
    """``str(field)`` for a field with a ``Select`` widget (``BoundField.as_widget``)."""
    context = _widget_context(field)
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


def input_html(field: BoundField) -> SafeString:
    """``str(field)`` for a field with an ``Input`` (``input.html``) or a ``Textarea``
    (``textarea.html``) widget; Django's own render for anything else."""
    widget = field.field.widget
    if isinstance(widget, Textarea):
        context = _widget_context(field)
        value = _text(context["value"]) if context["value"] else ""
        name, attrs = _text(context["name"]), _attrs(context["attrs"])
        html = f'<textarea name="{name}"{attrs}>\n{value}</textarea>'
        return mark_safe(html)  # noqa: S308  (every value escaped as the template does)
    if not isinstance(widget, Input) or field.field.localize:
        return SafeString(str(field))
    context = _widget_context(field)
    if isinstance(widget, ClearableFileInput) and context["is_initial"]:
        return SafeString(str(field))  # the current file and its "clear" box: Django's way
    value = "" if context["value"] is None else f' value="{_formatted(context["value"])}"'
    html = (
        f'<input type="{_text(context["type"])}" name="{_text(context["name"])}"{value}'
        f"{_attrs(context['attrs'])}>"
    )
    return mark_safe(html)  # noqa: S308  (every value escaped as the template does)
