"""Form widgets written without Django's per-option template includes.

``select_html(field)`` is ``str(field)`` for a field with a ``Select`` widget, written in
Python: Django renders each ``<option>`` through two template includes (the option and its
attributes), which made the inbox's five filters a tenth of its page's CPU and the ticket
page's four property menus a sixth of its. The widget's own context (attributes, option groups,
the chosen values) is used, only the markup is written here; tests/workspace/test_frame.py
(the inbox's filters) and tests/tickets/test_console_page.py (the ticket page's menus) hold it
equal to ``str(field)`` for each form that uses it, chosen or not, with hostile labels, in
both languages. ``{% select field %}`` (``core/templatetags/widgets.py``) writes it in a template.
"""

from typing import Any

from django.forms import BoundField
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
