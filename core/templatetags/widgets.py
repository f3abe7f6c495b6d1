"""``{% select field %}`` and ``{% input field %}``: a field as Django renders it, without its
widget's template includes (core.widgets)."""

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

from core.widgets import input_html, select_html

register = template.Library()


@register.simple_tag(name="select")
def select_tag(field: BoundField) -> SafeString:
    return select_html(field)


@register.simple_tag(name="input")
def input_tag(field: BoundField) -> SafeString:
    return input_html(field)
