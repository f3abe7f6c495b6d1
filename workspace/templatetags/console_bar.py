"""The console top bar's tags: ``{% notification_bell %}`` (the bell with the signed-in staff
member's unread count, one query) and ``{% is_supervisor user as supervisor %}`` (Dashboard),
used by templates/console/base.html."""

from typing import Any

from django import template

from accounts import roles
from workspace import notifications

register = template.Library()


@register.inclusion_tag("workspace/_bell.html", takes_context=True)
def notification_bell(context: Any) -> dict[str, Any]:
    user = context["request"].user
    return {"unread": notifications.unread_count(user_id=user.pk) if user.is_authenticated else 0}


@register.simple_tag
def is_supervisor(user: Any) -> bool:
    """Whether the top bar shows the Dashboard (supervisors and admins)."""
    return roles.is_supervisor(user)
