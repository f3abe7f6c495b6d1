"""Who a visitor is, for the event log: ``account:<user id>`` when signed in, else the random
id of the help center's first-party visitor cookie (the one FAQ votes already use,
``faq.api.VISITOR_COOKIE``: signed, HttpOnly, SameSite=Lax, Secure over HTTPS). Never a name
or an address. The cookie is set only on a response for which an event was recorded
(``VisitorCookieMiddleware``)."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from faq.api import VISITOR_COOKIE, remember_visitor, visitor_key

_ID = "_insights_visitor"
_NEW = "_insights_visitor_is_new"


def visitor_id(request: HttpRequest) -> str:
    """This request's visitor; a new random id is remembered on the request and becomes the
    cookie of the response."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"account:{user.pk}"
    if not hasattr(request, _ID):
        key, is_new = visitor_key(request)
        setattr(request, _ID, key.removeprefix("v:"))
        setattr(request, _NEW, is_new)
    return getattr(request, _ID)


class VisitorCookieMiddleware:
    """Sets the visitor cookie on responses to requests that gave a new visitor an id."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, _NEW, False) and VISITOR_COOKIE not in response.cookies:
            remember_visitor(request, response, f"v:{getattr(request, _ID)}")
        return response
