"""JSON endpoints outside the language prefix: suggestions (type-ahead, ticket deflection and
the chat widget's help), one article's rendered text (read inside the widget), votes, and the
CSRF cookie that the cached (token-free) article pages need before voting."""

import json
import os

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.crypto import RANDOM_STRING_CHARS
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_GET, require_POST

from core.i18n import language_suffix, localized
from core.ratelimits import rate_limited
from faq import selectors, services, signals
from faq.models import Article
from faq.rendering import html_to_text, truncate

DEFAULT_LIMIT = 5
MAX_LIMIT = 10
VISITOR_COOKIE = "hc_visitor"
VISITOR_SALT = "faq.visitor"
# One year: long enough to count a returning visitor, no longer than deflection needs.
VISITOR_MAX_AGE = 365 * 24 * 3600
VOTE_RATE = "30/m"  # per IP; the form (views.article_feedback) has the same limit


def _suggest_rate() -> str:
    return settings.FAQ_SUGGEST_RATE


def _limit(raw: str | None) -> int:
    try:
        return min(max(int(raw or DEFAULT_LIMIT), 1), MAX_LIMIT)
    except ValueError:
        return DEFAULT_LIMIT


def _article_summary(article: Article, language: str) -> dict[str, object]:
    """A suggestion for an article object, shaped like ``SearchHit.as_suggestion``."""
    text = localized(article, "summary", language) or html_to_text(
        localized(article, "body_html", language)
    )
    return {
        "id": article.pk,
        "title": localized(article, "title", language),
        "url": selectors.article_url(article, language),
        "snippet": truncate(text, selectors.SNIPPET_CHARS),
        "category": localized(article.category, "name", language),
    }


@require_GET
@rate_limited("faq:suggest", _suggest_rate, methods=None)
def suggest(request: HttpRequest) -> JsonResponse:
    """``GET /api/faq/suggest?q=&lang=zh-hans|en&limit=1..10`` → top public articles as
    ``{"results": [{id, title, url, snippet, category}]}``; any input answers 200. With an empty
    ``q`` and a ``topic`` parameter (a category slug, may be empty): that topic's most viewed
    articles, else the site's (the chat widget's "Search our help" before anything is typed)."""
    query = request.GET.get("q", "")
    language = language_suffix(request.GET.get("lang") or request.LANGUAGE_CODE)
    limit = _limit(request.GET.get("limit"))
    if not query.strip() and "topic" in request.GET:
        articles = selectors.article_list_top(topic=request.GET["topic"][:80], limit=limit)
        results = [_article_summary(article, language) for article in articles]
    else:
        hits = selectors.article_search(query=query, language=language, limit=limit)
        results = [{"id": hit.article_id, **hit.as_suggestion()} for hit in hits]
    signals.searched.send(
        sender=None,
        request=request,
        query=query,
        language=language,
        article_ids=[result["id"] for result in results],
        where="api",
    )
    return JsonResponse({"results": results})


@require_GET
@rate_limited("faq:article", _suggest_rate, methods=None)
def article(request: HttpRequest, article_id: int) -> JsonResponse:
    """``GET /api/faq/articles/<id>?lang=`` → a public article with its rendered body, to be
    read inside the chat widget: ``{id, title, url, category, updated_at, body_html}``.
    ``body_html`` was sanitised by nh3 when the article was saved (``faq.rendering``); 404 for
    drafts and unknown ids. Views are reported by the reader's beacon, not here."""
    found = selectors.article_get_published_by_id(article_id=article_id)
    language = language_suffix(request.GET.get("lang") or request.LANGUAGE_CODE)
    return JsonResponse(
        {
            **_article_summary(found, language),
            "updated_at": found.updated_at.isoformat(),
            "body_html": localized(found, "body_html", language),
        }
    )


def visitor_key(request: HttpRequest) -> tuple[str, bool]:
    """Who is voting: the user for signed-in visitors, else a random id in a signed cookie.
    Returns ``(key, is_new)``; a new key must be set as the cookie on the response."""
    if request.user.is_authenticated:
        return f"u:{request.user.pk}", False
    key = request.get_signed_cookie(VISITOR_COOKIE, default=None, salt=VISITOR_SALT)
    if key:
        return f"v:{key}", False
    return f"v:{random_visitor_id()}", True


VISITOR_ID_LENGTH = 32
# The largest multiple of the alphabet's size in a byte: a byte below it picks a character
# with equal chances (``byte % 62``); the 8 values above it are skipped.
_UNBIASED_BYTES = 256 - 256 % len(RANDOM_STRING_CHARS)


def random_visitor_id(length: int = VISITOR_ID_LENGTH) -> str:
    """What ``get_random_string(length)`` gives (letters and digits, each character chosen
    uniformly by the OS's random source) from one ``os.urandom`` call instead of one
    ``secrets.choice`` (a ``urandom`` call) per character. ``tests/faq/test_visitor_id.py``."""
    chars: list[str] = []
    while len(chars) < length:
        # 16 spare bytes: a second round is needed about once in 10^13 draws.
        for byte in os.urandom(length - len(chars) + 16):
            if byte < _UNBIASED_BYTES:
                chars.append(RANDOM_STRING_CHARS[byte % len(RANDOM_STRING_CHARS)])
                if len(chars) == length:
                    break
    return "".join(chars)


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
