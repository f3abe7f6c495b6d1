"""Pages for people with a session, rendered once per audience and filled in per person.

A signed-in customer's article page or request form differs from the next customer's only in
a few values: the CSRF token, and on the form their name and e-mail. Rendering the whole
template for each of them is most of a signed-in request's CPU (docs/performance.md). So
``render_for_person`` renders a page once per (page, language, audience) with *holes*,
markers where those values go, keeps that copy in this process for ``COPY_SECONDS``, and
answers later requests by putting each person's values (escaped, as the template would) into
the holes.

The copy is rendered with a stand-in user that only says which audience it is (signed in,
staff or not): a template that printed the real user's name outside a hole would print
nothing in the copy, never someone else's name, and the contract test
(tests/core/test_person_pages.py) would see that the copy differs from the plain render.

Plain rendering (``render()`` with the real values) is used when the request carries flash
messages, for query strings the caller did not declare, and everywhere when
``settings.PERSON_PAGE_COPIES`` is false.

Under WSGI a copy can also be answered before Django runs (``helpcenter.person_wsgi``): a copy
served through Django names itself in the request's environ (``ENVIRON_KEY``), the WSGI layer
keeps the headers the whole middleware stack gave that response with the copy
(``keep_headers``), and later requests of the same shape get the copy with their own values
and those headers (``answer_from_copy``).
"""

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from core import memo
from core.csrf import csrf_cookie_header, csrf_token, mask_secret

COPY_SECONDS = 10.0  # the promise of core.memo: other processes see an admin edit within this
MAX_COPIES = 2000
CSRF_HOLE = "csrf"
# Where a request served from a copy names the copy's key (the WSGI environ).
ENVIRON_KEY = "core.person_pages.copy"

Fill = Callable[[str, str], str]


def hole(name: str) -> str:
    """The marker a copy carries where ``name``'s value goes. NUL never occurs in a rendered
    page (forms refuse it and templates do not print it) and escaping leaves it alone."""
    return f"\x00hole:{name}\x00"


class AudienceUser:
    """Who a copy is rendered for: signed in, staff or not, and nothing personal."""

    is_authenticated = True
    is_anonymous = False

    def __init__(self, *, is_staff: bool) -> None:
        self.is_staff = is_staff

    def __str__(self) -> str:
        return ""


class _Copy:
    """A rendered copy: alternating text and hole names, what the view asked to remember, and
    (once a response served from it went through the whole stack) that response's headers."""

    __slots__ = ("headers", "parts", "remembered")

    def __init__(self, parts: list[str], remembered: Any) -> None:
        self.parts = parts
        self.remembered = remembered
        # (secure, headers without the per-response ones, whether the CSRF cookie is renewed)
        self.headers: tuple[bool, list[tuple[str, str | None]], bool] | None = None


class _Copies:
    """Rendered copies of this process: a bounded LRU whose entries expire."""

    def __init__(self) -> None:
        self._entries: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Any:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry[0] <= time.monotonic():
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return entry[1]

    def put(self, key: Hashable, value: Any) -> None:
        with self._lock:
            self._entries[key] = (time.monotonic() + COPY_SECONDS, value)
            self._entries.move_to_end(key)
            while len(self._entries) > MAX_COPIES:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


_copies = _Copies()
memo.register(_copies)


def forget_copies() -> None:
    """Drop every copy of this process (an admin edit in this process; tests)."""
    _copies.clear()


def _split(content: str) -> list[str]:
    """The copy as alternating text and hole names: ``[text, name, text, name, text]``."""
    parts = content.split("\x00")
    if len(parts) % 2 == 0:
        raise ValueError("A rendered page has an unmatched hole marker.")
    return [part.removeprefix("hole:") if index % 2 else part for index, part in enumerate(parts)]


def _fill(parts: list[str], values: dict[str, str]) -> str:
    out = []
    for index, part in enumerate(parts):
        out.append(str(conditional_escape(values[part])) if index % 2 else part)
    return "".join(out)


def copy_key(
    template_name: str,
    full_path: str,
    language: str,
    audience: tuple[bool, bool],
    key: Iterable[Hashable] = (),
) -> tuple:
    """The key of a copy: the template, the path with its query string, the language, the
    audience ``(is_authenticated, is_staff)`` and whatever else the view names."""
    return (template_name, full_path, language, audience, *key)


def render_for_person(
    request: HttpRequest,
    template_name: str,
    build: Callable[[Fill], dict[str, Any]],
    *,
    values: dict[str, str] | None = None,
    key: Iterable[Hashable] = (),
    query_keys: Iterable[str] = (),
    remember: Callable[[dict[str, Any]], Any] | None = None,
) -> HttpResponse:
    """The page ``template_name`` for ``request``'s user (signed in or not), equal to
    ``render(request, template_name, build(lambda name, value: value))``.

    ``build(fill)`` makes the template's context; every personal value goes through
    ``fill(name, value)``, which hands back the value itself for a plain render and the hole
    for a copy. ``values`` are those personal values by name (they fill the copy's holes); the
    CSRF token is one already. ``key`` names whatever else the page depends on (a content
    generation, a chosen topic), ``query_keys`` the query parameters the page reads.
    ``remember(context)`` is kept with the copy and set on the response as ``remembered``
    (what the view needs after rendering, such as the article whose view it counts)."""
    values = values or {}
    if not _copyable(request, set(query_keys)):
        context = build(lambda name, value: value)
        response = render(request, template_name, context)
        response.remembered = remember(context) if remember else None
        return response
    user = request.user
    audience = (user.is_authenticated, user.is_staff)
    key = copy_key(template_name, request.get_full_path(), request.LANGUAGE_CODE, audience, key)
    copy = _copies.get(key)
    if copy is None:
        context = build(lambda name, value: hole(name))
        content = render_to_string(
            template_name,
            {
                **context,
                "user": AudienceUser(is_staff=user.is_staff)
                if user.is_authenticated
                else AnonymousUser(),
                "messages": (),
                "csrf_token": hole(CSRF_HOLE),
            },
            request,
        )
        copy = _Copy(_split(content), remember(context) if remember else None)
        _copies.put(key, copy)
    environ = getattr(request, "environ", None)
    if environ is not None:
        environ[ENVIRON_KEY] = key
    if CSRF_HOLE in copy.parts[1::2]:
        values = {**values, CSRF_HOLE: csrf_token(request)}
    response = HttpResponse(_fill(copy.parts, values))
    response.remembered = copy.remembered
    return response


def keep_headers(key: tuple, *, secure: bool, headers: list[tuple[str, str]]) -> None:
    """Keep with the copy ``key`` the headers (as WSGI sends them) of a 200 response that was
    served from it through the whole middleware stack, for a request of the shape
    ``answer_from_copy`` answers (signed in, a valid CSRF cookie, no flash messages, a session
    left unchanged). A response that set a cookie other than the CSRF cookie is not kept."""
    copy = _copies.get(key)
    if copy is None:
        return
    kept, renews_csrf = [], False
    for name, value in headers:
        if name.lower() == "set-cookie":
            if not value.lstrip().startswith(settings.CSRF_COOKIE_NAME + "="):
                return
            renews_csrf = True
        elif name.lower() == "content-length":
            kept.append((name, None))  # where the length goes
        else:
            kept.append((name, value))
    copy.headers = (secure, kept, renews_csrf)


def answer_from_copy(
    key: tuple, *, secure: bool, values: dict[str, str], csrf_secret: str
) -> tuple[bytes, list[tuple[str, str]], Any] | None:
    """``(body, headers, remembered)`` of the copy ``key`` filled with ``values`` and a token
    for ``csrf_secret``, with the headers kept for it (the CSRF cookie renewed as Django's
    middleware renews it, and the length), or None when there is no such copy with headers
    kept for a request as ``secure`` as this one."""
    copy = _copies.get(key)
    if copy is None or copy.headers is None or copy.headers[0] != secure:
        return None
    _, kept, renews_csrf = copy.headers
    if CSRF_HOLE in copy.parts[1::2]:
        values = {**values, CSRF_HOLE: mask_secret(csrf_secret)}
    body = _fill(copy.parts, values).encode()
    length = str(len(body))
    headers = [(name, length if value is None else value) for name, value in kept]
    if renews_csrf:
        headers.append(("Set-Cookie", csrf_cookie_header(csrf_secret)))
    return body, headers, copy.remembered


def _copyable(request: HttpRequest, query_keys: set[str]) -> bool:
    if not settings.PERSON_PAGE_COPIES:
        return False
    if request.method not in ("GET", "HEAD"):
        return False
    if not set(request.GET).issubset(query_keys):
        return False
    # Flash messages are shown once, by a plain render. Their length does not consume them.
    return len(get_messages(request)) == 0


def render_part(
    request: HttpRequest,
    template_name: str,
    build: Callable[[Fill], dict[str, Any]],
    *,
    values: dict[str, str] | None = None,
    key: Iterable[Hashable] = (),
) -> SafeString:
    """A part of a page, equal to ``render_to_string(template_name, build(lambda name, value:
    value), request)``, from a copy kept like ``render_for_person``'s: rendered once per
    (part, language, audience, *key) with holes, filled in with ``values`` (and the CSRF
    token). The staff console's top bar is one: the same for every agent of a role but for a
    few values, on every console page. ``key`` names whatever else the part depends on."""
    values = values or {}
    if not settings.PERSON_PAGE_COPIES:
        return mark_safe(render_to_string(template_name, build(lambda name, value: value), request))  # noqa: S308
    user = request.user
    audience = (user.is_authenticated, user.is_staff)
    copy_key = ("part", template_name, request.LANGUAGE_CODE, audience, *key)
    parts = _copies.get(copy_key)
    if parts is None:
        context = build(lambda name, value: hole(name))
        # As for a page's copy, the user is only its audience (nothing personal).
        audience_user = AudienceUser(is_staff=user.is_staff) if user.is_authenticated else None
        content = render_to_string(
            template_name,
            {
                **context,
                "user": audience_user or AnonymousUser(),
                "csrf_token": hole(CSRF_HOLE),
            },
            request,
        )
        parts = _split(content)
        _copies.put(copy_key, parts)
    if CSRF_HOLE in parts[1::2]:
        values = {**values, CSRF_HOLE: csrf_token(request)}
    return mark_safe(_fill(parts, values))  # noqa: S308  (escaped by _fill as the template would)
