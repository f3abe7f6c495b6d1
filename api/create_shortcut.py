"""``POST /api/v1/tickets`` from the wallet's app, done before Django builds a request.

Opening a request through the API is the one write the wallet's backend makes at volume. Of a
create's CPU, about a third is Django's and DRF's work around the view: the request object,
fifteen middleware layers, URL resolving, DRF's request, negotiation and response
(docs/performance.md, "The API create before Django"). ``ApiCreateWSGI`` does the create itself
with the view's own code, and, like ``helpcenter.person_wsgi`` for pages, sends the answer with
the headers Django's whole stack gave the same kind of answer before.

What runs is the plain way's, in the same order: DRF's JSON parser, ``BearerAuthentication``,
the view's permission and throttle, then ``TicketList.post`` itself with its decorators (the
credential's and the customer's limits, the Idempotency-Key, the create), with Django's request
signals around it. The shortcut takes a request only when nothing that runs before the view can
differ: a ``POST`` of a JSON body of modest size with a Bearer credential, no query string, no
cookies, an ``Accept`` that gives JSON, for an allowed host, not one the security middleware
redirects to HTTPS. Before anything is counted or written it hands to Django, untouched, any
request whose credential, permission, body or topic is not plainly fine (Django then gives the
error it always gives).

Once the work has run, its outcome is the answer: a new request's 201 goes out with the headers
kept from Django's answer to an earlier one in the same language (``keep``); any other outcome
(a replayed answer, a 409 or 422 for the key, a 429, an error), and the first 201 of each
language, are handed to Django with the outcome in the environ, and the view's
``answered_by_shortcut`` returns or raises it, so that Django writes the response exactly as it
writes its own. ``tests/api/test_create_shortcut.py`` holds the answers equal to Django's.

``API_CREATE_SHORTCUT=false`` turns it off.
"""

import io
import logging
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler, get_script_name
from django.http import HttpResponse
from django.http.request import HttpHeaders
from django.urls import reverse, set_script_prefix
from django.urls.base import get_urlconf
from django.utils import translation
from django.utils.translation import trans_real
from rest_framework import exceptions
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from api.authentication import BearerAuthentication
from api.idempotency import JSON, json_body, rendered_once
from core import topics
from faq.middleware import environ_is_secure
from helpcenter.person_wsgi import host_allowed

logger = logging.getLogger(__name__)

OUTCOME = "api.create_shortcut.outcome"
# Larger bodies (a long description with every detail) go through Django as they always did.
MAX_BODY_BYTES = 64 * 1024
CONTENT_TYPES = frozenset({"application/json", "application/json; charset=utf-8"})
# What DRF's negotiation answers with JSONRenderer's "application/json" (no header means */*).
ACCEPTS = frozenset({None, "*/*", "application/json"})


def answered_by_shortcut(method: Callable[..., Any]) -> Callable[..., Any]:
    """On ``TicketList.post``: when ``ApiCreateWSGI`` did the work already, its outcome, returned
    or raised here so that DRF and the middleware make the response as for their own."""

    @wraps(method)
    def wrapper(view: Any, request: Any, *args: Any, **kwargs: Any) -> Any:
        outcome = request.META.get(OUTCOME)
        if outcome is None:
            return method(view, request, *args, **kwargs)
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    return wrapper


class ShortcutRequest:
    """What the view's code reads of a request (DRF's ``Request`` has the same names): the
    environ as ``META``, its headers, the parsed body, and who authenticated."""

    method = "POST"
    accepted_media_type = JSON

    def __init__(self, environ: dict[str, Any], path: str, data: Any) -> None:
        self.META = environ
        self.headers = HttpHeaders(environ)
        self.path = path
        self.data = data
        self.user: Any = None
        self.auth: Any = None


def is_new_request_answer(outcome: Any) -> bool:
    """A new request's 201 as the view made it (``api.idempotency.rendered_once``): JSON and no
    header of its own, so that the rest of its headers are the stack's."""
    return (
        isinstance(outcome, HttpResponse)
        and outcome.status_code == 201
        and list(outcome.items()) == [("Content-Type", JSON)]
    )


def middleware_language(environ: dict[str, Any], path: str) -> str:
    """The language ``LocaleMiddleware`` activates for a cookie-less request to ``path`` (an
    unprefixed URL: the Accept-Language header, else LANGUAGE_CODE)."""
    from django.conf.urls.i18n import is_language_prefix_patterns_used

    i18n_patterns_used, prefixed_default = is_language_prefix_patterns_used(
        get_urlconf() or settings.ROOT_URLCONF
    )
    request = _LanguageRequest(environ, path)
    language = trans_real.get_language_from_request(request, check_path=i18n_patterns_used)
    if not trans_real.get_language_from_path(path) and i18n_patterns_used and not prefixed_default:
        language = settings.LANGUAGE_CODE
    return language


class _LanguageRequest:
    COOKIES: dict[str, str] = {}

    def __init__(self, environ: dict[str, Any], path: str) -> None:
        self.META = environ
        self.path_info = path


class ApiCreateWSGI:
    """WSGI wrapper: does ``POST /api/v1/tickets`` itself when it may (the module says when);
    everything else goes to ``app``."""

    def __init__(self, app: Callable) -> None:
        from api.views.tickets import TicketList

        self.app = app
        self.view_class = TicketList
        self.path = reverse("api:tickets")
        # (language, secure): the headers of Django's answer to a new request, the length left
        # open (as person_pages keeps a page's).
        self.kept: dict[tuple[str, bool], list[tuple[str, str | None]]] = {}

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        if (
            environ.get("PATH_INFO") != self.path
            or environ.get("REQUEST_METHOD") != "POST"
            or not settings.API_CREATE_SHORTCUT
            or not self.takes(environ)
        ):
            return self.app(environ, start_response)
        body = environ["wsgi.input"].read(int(environ["CONTENT_LENGTH"]))
        environ["wsgi.input"] = io.BytesIO(body)  # for Django, if it answers after all
        secure = environ_is_secure(environ)
        language = middleware_language(environ, self.path)
        with translation.override(language):
            done, outcome = self.work(environ, body)
        if not done:
            return self.app(environ, start_response)
        headers = self.kept.get((language, secure))
        if headers is not None and is_new_request_answer(outcome):
            content = outcome.content
            length = str(len(content))
            start_response(
                "201 Created",
                [(name, length if value is None else value) for name, value in headers],
            )
            return [content]
        environ[OUTCOME] = outcome
        keep = is_new_request_answer(outcome)
        return self.app(
            environ, self.keeping(start_response, (language, secure)) if keep else start_response
        )

    def takes(self, environ: dict[str, Any]) -> bool:
        """A request whose way to the view Django's middleware passes unchanged (by the
        settings this mirrors), with a JSON body the shortcut reads and gives JSON back."""
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return False
        return (
            0 < length <= MAX_BODY_BYTES
            and environ.get("CONTENT_TYPE", "").lower() in CONTENT_TYPES
            and environ.get("HTTP_ACCEPT") in ACCEPTS
            and environ.get("HTTP_AUTHORIZATION", "")[:7].lower() == "bearer "
            and not environ.get("HTTP_COOKIE")
            and not environ.get("QUERY_STRING")
            and not environ.get("HTTP_TRANSFER_ENCODING")
            and not (settings.SECURE_SSL_REDIRECT and not environ_is_secure(environ))
            and not settings.PREPEND_WWW
            and not settings.DISALLOWED_USER_AGENTS
            and host_allowed(environ)
        )

    def work(self, environ: dict[str, Any], body: bytes) -> tuple[bool, Any]:
        """``(True, outcome)`` once the view has run (its response, or what it raised);
        ``(False, None)`` when Django must answer, nothing counted or written."""
        signals.request_started.send(sender=WSGIHandler, environ=environ)
        try:
            set_script_prefix(get_script_name(environ))
            try:
                request = self.ready(environ, body)
            except Exception:
                # A shortcut that fails before the work (the database gone mid-request) leaves
                # the request to Django, which answers as it does without it.
                logger.exception("Reading an API create before Django failed")
                request = None
            if request is None:
                return False, None
            view = self.view_class()
            try:
                outcome = view.post(request)
            except Exception as exc:
                return True, exc
            if isinstance(outcome, Response) and outcome.status_code == 201:
                # Without an Idempotency-Key the view leaves the JSON to DRF's renderer.
                outcome = rendered_once(request, outcome, json_body(outcome.data))
            return True, outcome
        finally:
            signals.request_finished.send(sender=WSGIHandler)

    def ready(self, environ: dict[str, Any], body: bytes) -> ShortcutRequest | None:
        """The request as the view gets it, or None when the view would not run on it plainly
        (a body, credential, permission or topic that is not plainly fine: Django says why)."""
        from api.serializers.tickets import ticket_create_in_fast

        try:
            data = JSONParser().parse(io.BytesIO(body), JSON, {})
        except exceptions.ParseError:
            return None
        fast = ticket_create_in_fast(data)
        if fast is None or topics.active_by_pk(fast["topic"]) is None:
            return None
        request = ShortcutRequest(environ, self.path, data)
        view = self.view_class
        try:
            found = BearerAuthentication().authenticate(request)
        except exceptions.APIException:
            return None
        if found is None:
            return None
        request.user, request.auth = found
        if not all(p().has_permission(request, view) for p in view.permission_classes):
            return None
        for throttle in view.throttle_classes:
            if not throttle().allow_request(request, view):
                return None
        return request

    def keeping(self, start_response: Callable, key: tuple[str, bool]) -> Callable:
        """``start_response`` that keeps the headers of Django's 201 for the next new request
        of the same language; not an answer that sets a cookie."""

        def keep(status: str, headers: list, exc_info: Any = None) -> Any:
            if (
                exc_info is None
                and status.startswith("201 ")
                and not any(name.lower() == "set-cookie" for name, _ in headers)
            ):
                self.kept[key] = [
                    (name, None if name.lower() == "content-length" else value)
                    for name, value in headers
                ]
            return start_response(status, headers, exc_info)

        return keep
