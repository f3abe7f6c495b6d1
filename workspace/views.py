"""The staff inbox page and its live fragment (thin: parse, authorize, read, render)."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from accounts.decorators import agent_required
from workspace import selectors

MAX_QUERY = 200


def _context(request: HttpRequest) -> dict:
    slug = request.GET.get("view", selectors.DEFAULT_VIEW)
    view = selectors.VIEWS_BY_SLUG.get(slug) or selectors.VIEWS_BY_SLUG[selectors.DEFAULT_VIEW]
    query = request.GET.get("q", "").strip()[:MAX_QUERY]
    counts = selectors.inbox_counts(user=request.user)
    return {
        "console_section": "inbox",
        "views": [
            {"view": v, "count": counts.get(v.count) if v.count else None}
            for v in selectors.VIEWS
        ],
        "view": view,
        "query": query,
        "rows": selectors.inbox_rows(user=request.user, view=view, query=query),
        "counts": counts,
    }


@agent_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    """Chats and tickets in one list, a left rail of views with live counts."""
    return render(request, "workspace/inbox.html", _context(request))


@agent_required
@require_GET
def inbox_fragment(request: HttpRequest) -> JsonResponse:
    """What the open inbox swaps in when its socket says something changed: the rows' HTML,
    their keys (so the page can say "3 new" before applying them) and every counter."""
    context = _context(request)
    return JsonResponse(
        {
            "keys": [row.key for row in context["rows"]],
            "rows": render_to_string("workspace/_rows.html", context, request=request),
            "counts": context["counts"],
        }
    )
