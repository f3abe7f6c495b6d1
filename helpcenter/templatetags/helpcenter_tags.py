from typing import Any

from django import template

from core.i18n import localized

register = template.Library()


@register.filter
def tr(obj: Any, field: str) -> str:
    """``{{ article|tr:"title" }}``: the field in the active language, with fallback."""
    return localized(obj, field)
