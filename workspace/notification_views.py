"""The top bar's notifications (docs/console.md, Notifications): the list (a fragment for the
bell's popover, or a page without JavaScript) and marking read. Everyone sees only their own:
another agent's notification answers 404."""

import datetime as dt

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.decorators import agent_required
from workspace import notifications
from workspace.models import AgentNotification


def _age(at: dt.datetime) -> str:
    if timezone.now() - at < dt.timedelta(minutes=1):
        return _("just now")
    return _("%(when)s ago") % {"when": timesince(at)}


def _items(request: HttpRequest) -> list[dict[str, object]]:
    return [
        {
            "id": n.pk,
            "kind": n.kind,
            "text": notifications.text_of(n),
            "url": notifications.url_of(n),
            "created_at": n.created_at,
            "age": _age(n.created_at),
            "unread": n.read_at is None,
        }
        for n in notifications.notifications_for(user=request.user)
    ]


@agent_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    """The newest notifications, newest first: the popover's fragment (``X-Fragment: 1``) or a
    console page."""
    context = {
        "items": _items(request),
        "unread": notifications.unread_count(user_id=request.user.pk),
        "console_section": "notifications",
    }
    if request.headers.get("X-Fragment") == "1":
        return render(request, "workspace/_notifications.html", context)
    return render(request, "workspace/notifications.html", context)


@agent_required
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    """Mark all of mine read."""
    notifications.notifications_mark_read(user=request.user)
    if request.headers.get("X-Fragment") == "1":
        return JsonResponse({"unread": 0})
    return redirect("workspace:notifications")


@agent_required
@require_POST
def notification_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Mark one of mine read (the popover does it when the agent opens the item)."""
    try:
        notifications.notification_get(user=request.user, notification_id=notification_id)
    except AgentNotification.DoesNotExist:
        raise Http404 from None
    notifications.notifications_mark_read(user=request.user, notification_id=notification_id)
    return JsonResponse({"unread": notifications.unread_count(user_id=request.user.pk)})
