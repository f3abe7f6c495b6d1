"""Signed-in customers' copies of a page, answered before Django runs.

A signed-in article or request form is a copy with holes (``core.person_pages``) filled with
the person's values; what is left of its CPU after the copy is Django's own work around it: the
request object, sixteen middleware layers, signals and URL resolving (docs/performance.md,
"Signed-in pages, third round"). ``PersonPageWSGI`` answers such a request from the copy before
Django builds a request, as ``faq.middleware.SharedPageWSGI`` does for anonymous visitors, and
leaves everything else to Django.

It answers only when nothing the middleware decides can differ from what Django would do, and
only from a copy that Django itself served, through the whole stack, to a request of the same
shape (that response's headers are kept with the copy: security headers, CSP, language, Vary).
The request must be a plain ``GET`` of a page it knows, with no query string, for an allowed
host, not one the security middleware redirects to HTTPS; carry a CSRF cookie Django takes as it
is, no flash-message cookie, and a session that Redis holds with its user's row, which signs in
that active user with a current session hash, holds no flash messages and is left unchanged
(``accounts.sessions.signed_in_user``). Then the copy is filled with the person's values and a
new CSRF token, and the CSRF cookie is renewed as Django's middleware renews it. In every other
case, or without such a copy, Django answers (and its answer makes the copy and its headers for
the next request). ``tests/helpcenter/test_person_wsgi.py`` holds the answers equal to Django's
for the same request.

``PERSON_PAGE_COPIES=false`` turns it off with the copies themselves.
"""

import logging
import re
from collections.abc import Callable, Iterable
from types import SimpleNamespace
from typing import Any

from django.conf import settings
from django.http.cookie import parse_cookie
from django.http.request import split_domain_port, validate_host

from accounts.sessions import may_sign_in, signed_in_user
from core import person_pages
from core.csrf import valid_secret
from faq import caching
from faq.middleware import environ_is_secure, visitor
from faq.views import ARTICLE_TEMPLATE
from tickets.views import CREATE_TEMPLATE, form_values

logger = logging.getLogger(__name__)

# The flash messages' cookie (django.contrib.messages' cookie storage).
MESSAGES_COOKIE = "messages"


def _pages() -> re.Pattern[str]:
    languages = "|".join(re.escape(code) for code, _ in settings.LANGUAGES)
    return re.compile(
        rf"^/(?P<language>{languages})/"
        r"(?:articles/(?P<slug>[-a-zA-Z0-9_]{1,200})/|(?P<form>requests/new/))$"
    )


def host_allowed(environ: dict[str, Any]) -> bool:
    """``HttpRequest.get_host()`` would not raise (the Host header; anything else: Django)."""
    host = environ.get("HTTP_HOST")
    if host is None or settings.USE_X_FORWARDED_HOST:
        return False
    allowed = settings.ALLOWED_HOSTS
    if settings.DEBUG and not allowed:
        allowed = [".localhost", "127.0.0.1", "[::1]"]
    domain, _ = split_domain_port(host)
    return bool(domain) and validate_host(domain, allowed)


def _plain_request(environ: dict[str, Any]) -> bool:
    """A GET the middleware passes through unchanged, by the settings this module mirrors."""
    return (
        environ.get("REQUEST_METHOD") == "GET"
        and not environ.get("QUERY_STRING")
        and not environ.get("SCRIPT_NAME")
        and settings.PERSON_PAGE_COPIES
        and not settings.CSRF_USE_SESSIONS
        and not settings.SESSION_SAVE_EVERY_REQUEST
        and not settings.PREPEND_WWW
        and not settings.DISALLOWED_USER_AGENTS
    )


class PersonPageWSGI:
    """WSGI wrapper: answers signed-in requests for pages with copies from the copy
    (``answer_from_copy``); everything else goes to ``app``."""

    def __init__(self, app: Callable) -> None:
        self.app = app
        self.pages = _pages()

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        match = self.pages.match(environ.get("PATH_INFO", ""))
        if match is None or not _plain_request(environ):
            return self.app(environ, start_response)
        try:
            answer = answer_from_copy(environ, match)
        except Exception:
            # A shortcut that fails (Redis gone mid-request) leaves the request to Django,
            # whose session store falls back to the database.
            logger.exception("Answering %s from its copy failed", environ["PATH_INFO"])
            answer = None
        if answer is None:
            return self.app(environ, start_response)
        if isinstance(answer, _Keep):
            return self.app(environ, answer.wrap(start_response))
        body, headers = answer
        start_response("200 OK", headers)
        return [body]


class _Keep:
    """A request of the shape the copies answer that Django answers this time: its 200 from a
    copy has the headers to keep with that copy."""

    def __init__(self, environ: dict[str, Any], secure: bool) -> None:
        self.environ = environ
        self.secure = secure

    def wrap(self, start_response: Callable) -> Callable:
        def keeping(status: str, headers: list, exc_info: Any = None) -> Any:
            key = self.environ.get(person_pages.ENVIRON_KEY)
            if key is not None and exc_info is None and status.startswith("200 "):
                person_pages.keep_headers(key, secure=self.secure, headers=headers)
            return start_response(status, headers, exc_info)

        return keeping


def answer_from_copy(
    environ: dict[str, Any], match: re.Match[str]
) -> tuple[bytes, list[tuple[str, str]]] | _Keep | None:
    """The answer to a signed-in GET of a page ``match`` (of ``PersonPageWSGI.pages``) names:
    ``(body, headers)`` from the copy; a ``_Keep`` when the request qualifies but Django must
    answer (no copy with kept headers yet); None when Django must answer and nothing is kept."""
    secure = environ_is_secure(environ)
    if settings.SECURE_SSL_REDIRECT and not secure:
        return None  # the security middleware redirects it
    if not host_allowed(environ):
        return None
    cookies = parse_cookie(environ.get("HTTP_COOKIE", ""))
    session_key = cookies.get(settings.SESSION_COOKIE_NAME)
    csrf_secret = cookies.get(settings.CSRF_COOKIE_NAME)
    if not session_key or MESSAGES_COOKIE in cookies or not valid_secret(csrf_secret):
        return None
    if not may_sign_in(session_key):
        return None  # Django's load remembers whose session it is
    path, language, slug = environ["PATH_INFO"], match["language"], match["slug"]
    if slug is None:
        user, _ = signed_in_user(session_key)
        if user is None:
            return None
        key = person_pages.copy_key(CREATE_TEMPLATE, path, language, (True, user.is_staff))
        answer = person_pages.answer_from_copy(
            key, secure=secure, values=form_values(user), csrf_secret=csrf_secret
        )
        return _Keep(environ, secure) if answer is None else answer[:2]
    # The article: the content generation and the "seen today" marker, as the view reads them
    # (faq.views._cached_page), in the session's round trip.
    seen = caching.seen_key(slug, visitor(SimpleNamespace(META=environ)))
    commands = caching.first_view_commands(seen)
    if commands is None:
        return None
    user, replies = signed_in_user(session_key, also=commands)
    if replies is None:
        return None
    generation, first_view = caching.first_view_from(replies, seen)
    answer = None
    if user is not None:
        key = person_pages.copy_key(
            ARTICLE_TEMPLATE, path, language, (True, user.is_staff), (generation,)
        )
        answer = person_pages.answer_from_copy(
            key, secure=secure, values={}, csrf_secret=csrf_secret
        )
    if answer is None:
        if first_view:
            caching.forget_view(seen)  # the view marks and counts it itself
        return None if user is None else _Keep(environ, secure)
    body, headers, article_id = answer
    if first_view and article_id:
        caching.count_view(article_id)
    return body, headers
