"""JSON endpoints outside the language prefix: suggestions (type-ahead and ticket deflection),
votes, and the CSRF cookie that the cached (token-free) article pages need before voting."""

import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.crypto import get_random_string
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_GET, require_POST

from core.i18n import language_suffix
from core.ratelimits import rate_limited
from faq import selectors, services

DEFAULT_LIMIT = 5
MAX_LIMIT = 10
VISITOR_COOKIE = "hc_visitor"
VISITOR_SALT = "faq.visitor"
VISITOR_MAX_AGE = 2 * 365 * 24 * 3600
VOTE_RATE = "30/m"  # per IP; the form (views.article_feedback) has the same limit


def _suggest_rate() -> str:
    return settings.FAQ_SUGGEST_RATE


def _limit(raw: str | None) -> int:
    try:
        return min(max(int(raw or DEFAULT_LIMIT), 1), MAX_LIMIT)
    except ValueError:
        return DEFAULT_LIMIT


@require_GET
@rate_limited("faq:suggest", _suggest_rate, methods=None)
def suggest(request: HttpRequest) -> JsonResponse:
    """``GET /api/faq/suggest?q=&lang=zh-hans|en&limit=1..10`` → top public articles as
    ``{"results": [{title, url, snippet, category}]}``; any input answers 200."""
    hits = selectors.article_search(
        query=request.GET.get("q", ""),
        language=language_suffix(request.GET.get("lang") or request.LANGUAGE_CODE),
        limit=_limit(request.GET.get("limit")),
    )
    return JsonResponse({"results": [hit.as_suggestion() for hit in hits]})


def visitor_key(request: HttpRequest) -> tuple[str, bool]:
    """Who is voting: the user for signed-in visitors, else a random id in a signed cookie.
    Returns ``(key, is_new)``; a new key must be set as the cookie on the response."""
    if request.user.is_authenticated:
        return f"u:{request.user.pk}", False
    key = request.get_signed_cookie(VISITOR_COOKIE, default=None, salt=VISITOR_SALT)
    if key:
        return f"v:{key}", False
    return f"v:{get_random_string(32)}", True


def remember_visitor(request: HttpRequest, response: HttpResponse, key: str) -> None:
    """Set the signed cookie that makes ``key`` (new, from ``visitor_key``) this browser's."""
    response.set_signed_cookie(
        VISITOR_COOKIE,
        key.removeprefix("v:"),
        salt=VISITOR_SALT,
        max_age=VISITOR_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )


@require_POST
@rate_limited("faq:vote", VOTE_RATE, methods=None)
def vote(request: HttpRequest, article_id: int) -> JsonResponse:
    """``POST /api/faq/articles/<id>/vote`` with JSON ``{"helpful": bool, "comment": str?}``."""
    try:
        payload = json.loads(request.body or b"{}")
        helpful = payload["helpful"]
        comment = str(payload.get("comment") or "")[:1000]
    except (ValueError, KeyError, TypeError, RecursionError):
        return JsonResponse({"error": "invalid"}, status=400)
    if not isinstance(helpful, bool):
        return JsonResponse({"error": "invalid"}, status=400)
    article = selectors.article_get_published_by_id(article_id=article_id)
    key, is_new = visitor_key(request)
    services.vote_record(
        article=article,
        visitor_key=key,
        helpful=helpful,
        comment=comment,
        language=language_suffix(str(payload.get("lang") or request.LANGUAGE_CODE)),
    )
    response = JsonResponse({"helpful": helpful, "comment_saved": bool(comment)})
    if is_new:
        remember_visitor(request, response, key)
    return response


@require_GET
@ensure_csrf_cookie
def csrf(request: HttpRequest) -> HttpResponse:
    """Sets the CSRF cookie; cached article pages carry no token, so their script asks here."""
    return HttpResponse(status=204)
