"""Bounds on a request's first line, answered with a status rather than a dropped connection.

daphne's HTTP parser (twisted.web.http) closes the connection without a word when a line passes
16 KB: a long link (a search pasted twice) got no page, not even an error. Its limits are raised
(``allow_long_request_lines``, called by helpcenter/asgi.py) above our own, and
``LongUrlMiddleware`` answers 414 above ``MAX_URL_BYTES``, under daphne and granian alike.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _

# Browsers and proxies handle 8 KB links everywhere (nginx's default request-line buffer).
MAX_URL_BYTES = 8 * 1024
# What daphne reads of a request line or of all headers together before giving up: more than
# MAX_URL_BYTES so that Django sees and refuses the request, and bounded, so it is no way to
# make the server hold megabytes per connection.
SERVER_LINE_BYTES = 256 * 1024


def allow_long_request_lines() -> None:
    """Let daphne's parser (twisted.web.http.HTTPChannel, 16 KB by default) read request lines
    and headers up to ``SERVER_LINE_BYTES``, so a long URL reaches ``LongUrlMiddleware``."""
    from twisted.web.http import HTTPChannel

    HTTPChannel.MAX_LENGTH = SERVER_LINE_BYTES
    HTTPChannel.totalHeadersSize = SERVER_LINE_BYTES


def close_oversized_websocket_messages() -> None:
    """Make daphne answer a websocket message over its size limit (1 MiB by default) with a
    close frame, code 1009 (message too big), instead of dropping the TCP connection: autobahn,
    daphne's websocket layer, does that when its documented ``failByDrop`` option is off.
    daphne sets its factory's options without that one, so it is set whenever the factory
    resets its options (once, when daphne builds it, after this module was imported)."""
    from daphne.ws_protocol import WebSocketFactory

    if getattr(WebSocketFactory, "closes_oversized_messages", False):
        return
    reset = WebSocketFactory.resetProtocolOptions

    def reset_and_close_politely(self: WebSocketFactory) -> None:
        reset(self)
        self.failByDrop = False

    WebSocketFactory.resetProtocolOptions = reset_and_close_politely
    WebSocketFactory.closes_oversized_messages = True


def leave_request_bodies_to_django() -> None:
    """Stop daphne's parser (twisted.web.http.Request) from parsing POSTed forms into
    ``request.args``, which daphne never reads: every multipart upload was parsed twice (up to
    ``core.uploads.MAX_REQUEST_BYTES`` in memory), and a malformed one got an empty 400 from
    twisted instead of the application's translated answer (the API's problem details)."""
    from daphne.http_protocol import WebRequest

    if getattr(WebRequest, "leaves_bodies_to_django", False):
        return
    init = WebRequest.__init__

    def init_without_form_parsing(self: WebRequest, *args: object, **kwargs: object) -> None:
        kwargs["parsePOSTFormSubmission"] = False
        init(self, *args, **kwargs)

    WebRequest.__init__ = init_without_form_parsing
    WebRequest.leaves_bodies_to_django = True


class LongUrlMiddleware:
    """414 URI Too Long, translated, for a path and query string over ``MAX_URL_BYTES``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        length = len(request.path_info.encode()) + len(request.META.get("QUERY_STRING", ""))
        if length <= MAX_URL_BYTES:
            return self.get_response(request)
        with translation.override(translation.get_language_from_request(request)):
            message = _("This link is too long. Please go back and try a shorter one.")
        return HttpResponse(message, status=414, content_type="text/plain; charset=utf-8")
