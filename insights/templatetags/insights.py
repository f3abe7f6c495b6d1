"""Formatting for the floor and the reports: durations and agent statuses."""

from django import template
from django.utils.translation import gettext as _

from chat.models import AgentPresence

register = template.Library()


@register.filter
def duration(seconds: float | None) -> str:
    """``42 s``, ``5 min``, ``2 h 05 min``; empty for None."""
    if seconds is None:
        return ""
    seconds = round(seconds)
    if seconds < 60:
        return _("%(n)d s") % {"n": seconds}
    minutes = seconds // 60
    if minutes < 60:
        return _("%(n)d min") % {"n": minutes}
    return _("%(h)d h %(m)02d min") % {"h": minutes // 60, "m": minutes % 60}


@register.simple_tag
def status_label(status: str) -> str:
    return str(dict(AgentPresence.Status.choices).get(status, status))


@register.filter
def get_item(mapping: dict, key: str) -> object:
    """``mapping[key]`` in a template (a table row's cell, a table's charts)."""
    return mapping.get(key) if mapping else None
