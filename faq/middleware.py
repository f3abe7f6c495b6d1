"""Shared copies of the knowledge-base pages, served before the rest of Django runs.

Home, category and article pages look the same to every visitor without a session, so the
first such visit stores the finished response (content and the headers the inner middleware
added) in the cache and later visits get it back for one cache round trip: no session, user,
CSRF, URL resolving or template work. That is what lets an article page serve faster than a
bare Django view; it is the in-process equivalent of a caching proxy, and correct right after
an edit because every copy carries the content generation it was built from
(``faq.caching``).

Only responses a view marked with ``shared_page`` (see ``faq.views._cached_page``) are stored,
and only when they set no cookie. The middleware is the first one, so a stored copy carries every
header the stack adds (security headers included); a request the security middleware would
redirect to HTTPS is left to it. Views of an article are counted here, once a day per visitor,
in the cache.

Under WSGI (granian in production) ``SharedPageWSGI`` answers the stored copies even before
Django builds a request; what it does not answer goes to Django and this middleware.
"""

import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.cookie import parse_cookie

from core.ratelimits import client_address
from faq import caching

# Visitors with either cookie may see personal content (their name, flash messages).
PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")
# Headers set again for every response (by the server, or per visitor).
UNSTORED_HEADERS = {"content-length", "set-cookie"}


def _shareable(method: str, cookies: dict[str, str], secure: bool) -> bool:
    if settings.SECURE_SSL_REDIRECT and not secure:
        return False  # the security middleware redirects it
    return method in ("GET", "HEAD") and not any(name in cookies for name in PERSONAL_COOKIES)


def shareable(request: HttpRequest) -> bool:
    """Whether ``request`` may get (and make) the copy every anonymous visitor shares."""
    return _shareable(request.method, request.COOKIES, request.is_secure())


def _visitor(meta: dict[str, Any]) -> str:
    # Who is viewing, for counting a view once a day: address (the client's, behind a trusted
    # proxy) and browser, no cookie needed.
    return f"{client_address(meta)}|{meta.get('HTTP_USER_AGENT', '')}"


def visitor(request: HttpRequest) -> str:
    return _visitor(request.META)


def _look_up(path: str, slug: str | None, meta: dict[str, Any]) -> tuple:
    """``(key, generation, entry, first_view, seen)`` for the page at ``path`` in one cache
    round trip; for an article GET the visitor is marked as seen today at the same time."""
    counting = slug is not None and meta.get("REQUEST_METHOD") == "GET"
    seen = caching.seen_key(slug, _visitor(meta)) if counting else None
    key = caching.page_key(path)
    generation, entry, first_view = caching.page_get(key, seen=seen)
    return key, generation, entry, first_view, seen


def _settle_view(entry: dict | None, first_view: bool, seen: str | None) -> None:
    """Count a first view of the entry's article; without one (no such page, or not served
    from a copy here), drop the marker so the view is counted when it is."""
    if not first_view:
        return
    if entry and entry["article_id"]:
        caching.count_view(entry["article_id"])
    else:
        caching.forget_view(seen)


def _page_paths() -> re.Pattern[str]:
    languages = "|".join(re.escape(code) for code, _ in settings.LANGUAGES)
    return re.compile(rf"^/(?:{languages})/(?:categories/[^/]+/|articles/(?P<article>[^/]+)/)?$")


def environ_is_secure(environ: dict[str, Any]) -> bool:
    """``HttpRequest.is_secure()`` for a WSGI environ (same SECURE_PROXY_SSL_HEADER rule)."""
    if settings.SECURE_PROXY_SSL_HEADER:
        header, secure_value = settings.SECURE_PROXY_SSL_HEADER
        value = environ.get(header)
        if value is not None:
            return value.split(",", 1)[0].strip() == secure_value
    return environ.get("wsgi.url_scheme") == "https"


class SharedPageWSGI:
    """WSGI wrapper: answers requests for stored shared copies without entering Django (no
    request object, signals or middleware, which is most of what serving a stored copy through
    ``SharedPageMiddleware`` costs; figures in docs/faq.md); everything else goes to ``app``."""

    def __init__(self, app: Callable) -> None:
        self.app = app
        self.paths = _page_paths()

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Any:
        path = environ.get("PATH_INFO", "")
        match = self.paths.match(path)
        method = environ.get("REQUEST_METHOD", "")
        if match is None or not _shareable(
            method, parse_cookie(environ.get("HTTP_COOKIE", "")), environ_is_secure(environ)
        ):
            return self.app(environ, start_response)
        _, _, entry, first_view, seen = _look_up(path, match["article"], environ)
        # Without a copy, Django's middleware marks and counts the view while storing the page.
        _settle_view(entry, first_view, seen)
        if entry is None:
            return self.app(environ, start_response)
        content = entry["content"]
        start_response("200 OK", [*entry["headers"], ("Content-Length", str(len(content)))])
        return [content]


class SharedPageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.paths = _page_paths()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        match = self.paths.match(request.path_info)
        if match is None or not shareable(request):
            return self.get_response(request)
        key, generation, entry, first_view, seen = _look_up(
            request.path_info, match["article"], request.META
        )
        if entry is not None:
            response = HttpResponse(entry["content"])
            for name, value in entry["headers"]:
                response[name] = value
        else:
            response = self.get_response(request)
            entry = self._store(key, generation, response)
        _settle_view(entry, first_view, seen)
        return response

    @staticmethod
    def _store(key: str, generation: str, response: HttpResponse) -> dict | None:
        shared = getattr(response, "shared_page", None)
        if shared is None or response.status_code != 200 or response.cookies:
            return None
        entry = {
            "content": response.content,
            "headers": [
                (name, value)
                for name, value in response.items()
                if name.lower() not in UNSTORED_HEADERS
            ],
            "article_id": shared.get("article_id"),
        }
        caching.page_set(key, generation, entry)
        return entry
