"""``{% select field %}``: a ``Select`` field as Django renders it, without a template include
per option (core.widgets.select_html)."""

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

from core.widgets import select_html

register = template.Library()


@register.simple_tag(name="select")
def select_tag(field: BoundField) -> SafeString:
    return select_html(field)
