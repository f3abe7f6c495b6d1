"""The Content-Security-Policy header on every response, built once per process.

django-csp's own middleware builds the policy string again for every response, because it
supports per-view decorators and nonces. This site uses neither (the one page with another
policy, the chat embed, sets its header itself with django-csp's ``build_policy``), so the
string depends on settings alone: this middleware builds it once with the same public
``build_policy`` and leaves a header a view has set. It is the CPU of a signed-in page that
this saves (docs/performance.md); tests/helpcenter/test_security_headers.py checks the
directives on every kind of page.
"""

from collections.abc import Callable

from csp.constants import HEADER
from csp.utils import build_policy
from django.http import HttpRequest, HttpResponse


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.policy = build_policy()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if HEADER not in response:
            response[HEADER] = self.policy
        return response
