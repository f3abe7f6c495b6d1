"""``{% select field %}`` and ``{% shortcuts_dialog %}`` for the inbox page (workspace.frame)."""

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

from workspace import frame

register = template.Library()


@register.simple_tag(name="select")
def select_tag(field: BoundField) -> SafeString:
    return frame.select_html(field)


@register.simple_tag(name="shortcuts_dialog")
def shortcuts_dialog_tag() -> SafeString:
    return frame.shortcuts_dialog()
