"""The staff inbox page, its live fragment and saved views (thin: parse, authorize, call one
service or selector, render)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.decorators import agent_required
from core import uploads
from workspace import selectors, services
from workspace.forms import InboxFilterForm, SaveViewForm
from workspace.models import SavedView

MAX_QUERY = 200


def _saved(request: HttpRequest) -> SavedView | None:
    raw = request.GET.get("saved", "")
    if not raw.isdigit():
        return None
    try:
        return selectors.saved_view_get_for(request.user, int(raw))
    except SavedView.DoesNotExist:
        raise Http404 from None


def _list_context(request: HttpRequest) -> dict[str, Any]:
    """What the list itself needs: the view, its filters, its rows and every counter (the
    live fragment needs nothing more)."""
    saved = _saved(request)
    slug = saved.base if saved else request.GET.get("view", selectors.DEFAULT_VIEW)
    view = selectors.VIEWS_BY_SLUG.get(slug) or selectors.VIEWS_BY_SLUG[selectors.DEFAULT_VIEW]
    query = request.GET.get("q", "").strip()[:MAX_QUERY]
    form = InboxFilterForm(request.GET)
    filters = selectors.saved_view_filters(saved) if saved else form.filters()
    tag = saved.tag if saved else form.chosen_tag()
    return {
        "view": view,
        "saved": saved,
        "query": query,
        "form": form,
        "filters": filters,
        "tag": tag,
        "counts": selectors.inbox_counts(user=request.user),
        "rows": selectors.inbox_rows(
            user=request.user,
            view=view,
            query=query,
            filters=filters,
            tag_id=tag.pk if tag else None,
        ),
        "list_query": request.GET.urlencode(),
    }


def inbox_context(request: HttpRequest) -> dict[str, Any]:
    listed = _list_context(request)
    form, filters, tag = listed.pop("form"), listed.pop("filters"), listed.pop("tag")
    saved, view, counts = listed["saved"], listed["view"], listed["counts"]
    narrowed = {
        "topic": filters.topic_id or "",
        "priority": filters.priority,
        "channel": filters.source,
        "language": filters.language,
        "team": filters.team_id or "",
        "tag": tag.pk if tag else "",
    }
    return {
        "console_section": "inbox",
        "console_status": True,  # the top bar shows the agent's status
        "views": [
            {"view": v, "count": counts.get(v.count) if v.count else None} for v in selectors.VIEWS
        ],
        "saved_views": selectors.saved_views_for(request.user),
        "filter_form": form if not saved else InboxFilterForm(initial=narrowed),
        "is_filtered": any(narrowed.values()),
        "filter_query": urlencode({"view": view.slug, **{k: v for k, v in narrowed.items() if v}}),
        "save_form": SaveViewForm(),
        "pane_strings": _pane_strings(),
        **listed,
    }


def _pane_strings() -> dict[str, str]:
    """Texts the pane's script shows (the attachment ones are the request form's)."""
    return {
        **uploads.picker_strings(),
        "failed": _("Not sent: check your connection and try again."),
        "loadFailed": _("The conversation could not be loaded. Try again."),
        "sending": _("Sending…"),
        "sent": _("Sent."),
        "inserted": _("Canned response inserted."),
        "forbidden": _("Only the assigned agent can do that."),
        "notWaiting": _("Another agent has already taken this chat."),
    }


@agent_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    """Chats and tickets in one list, a left rail of views (and saved ones) with live
    counters, a filter bar."""
    return render(request, "workspace/inbox.html", inbox_context(request))


@agent_required
@require_GET
def inbox_fragment(request: HttpRequest) -> JsonResponse:
    """What the open inbox swaps in when its socket says something changed: the rows' HTML,
    their keys (so the page can say "3 new" before applying them) and every counter. Only the
    list is read: the frame around it (rail, filter menus, action bar) is not built."""
    context = _list_context(request)
    return JsonResponse(
        {
            "keys": [row.key for row in context["rows"]],
            # No request: the list needs none of the context processors' values.
            "rows": render_to_string("workspace/_rows.html", context),
            "counts": context["counts"],
        }
    )


@agent_required
@require_POST
def saved_view_create(request: HttpRequest) -> HttpResponse:
    """Keep the current view and filters under a name; back to it."""
    form = SaveViewForm(request.POST)
    filter_form = InboxFilterForm(request.POST)
    filters = filter_form.filters()
    slug = request.POST.get("view", "")
    if slug not in selectors.VIEWS_BY_SLUG:
        slug = selectors.DEFAULT_VIEW
    if not form.is_valid():
        messages.error(request, _("Give the view a name."))
        return redirect(reverse("console-home") + "?" + urlencode({"view": slug}))
    try:
        saved = services.saved_view_create(
            owner=request.user,
            name=form.cleaned_data["name"],
            base=slug,
            filters=filters,
            tag=filter_form.chosen_tag(),
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(reverse("console-home") + "?" + urlencode({"view": slug}))
    messages.success(request, _("View “%(name)s” saved.") % {"name": saved.name})
    return redirect(reverse("console-home") + f"?saved={saved.pk}")


@agent_required
@require_POST
def saved_view_delete(request: HttpRequest, view_id: int) -> HttpResponse:
    """Forget one of my saved views."""
    try:
        saved = selectors.saved_view_get_for(request.user, view_id, own=True)
    except SavedView.DoesNotExist:
        raise Http404 from None
    services.saved_view_delete(view=saved)
    messages.success(request, _("View “%(name)s” deleted.") % {"name": saved.name})
    return redirect(reverse("console-home") + "?" + urlencode({"view": saved.base}))


@agent_required
@require_POST
def inbox_bulk(request: HttpRequest) -> HttpResponse:
    """The action bar: one action on the chosen requests (all or none); back to the list with
    what was done, or why nothing was."""
    back = reverse("console-home")
    list_query = request.POST.get("list", "")[:2000]
    if list_query:
        back += "?" + list_query
    action = request.POST.get("action", "")
    action, _sep, value = action.partition(":")
    try:
        notice = services.inbox_bulk(
            by=request.user,
            references=request.POST.getlist("references")[:1000],
            action=action,
            value=value,
        )
    except (ValidationError, PermissionDenied) as exc:
        for message in getattr(exc, "messages", None) or [str(exc)]:
            messages.error(request, message)
    else:
        messages.success(request, notice)
    return redirect(back)
