"""The baseline of ``bench.faq_bench``: the product's own settings, middleware and URLs plus one
bare view that renders a static template. It lives here, not in the product, so the product
has no benchmark route. Served by granian exactly like ``helpcenter.wsgi``.
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helpcenter.settings")

import django
from django.conf import settings

django.setup(set_prefix=False)
# Every product route stays, the bare one is appended last, so resolving it costs at least
# what resolving an article path does.
settings.ROOT_URLCONF = "bench.faq_bare"

from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.http import HttpRequest, HttpResponse  # noqa: E402
from django.template import engines  # noqa: E402
from django.urls import path  # noqa: E402

from helpcenter.gc_tuning import freeze_startup  # noqa: E402
from helpcenter.urls import urlpatterns as product_urlpatterns  # noqa: E402
from helpcenter.wsgi_chain import wrap  # noqa: E402

BARE = engines["django"].from_string(
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bare</title></head>'
    "<body><main><h1>A static page</h1><p>"
    + "Rendered by the Django template engine with the request's context processors. " * 20
    + "</p></main></body></html>"
)


def bare(request: HttpRequest) -> HttpResponse:
    """A static template, rendered as ``render()`` would (context processors included)."""
    return HttpResponse(BARE.render({}, request))


urlpatterns = [*product_urlpatterns, path("bench/bare/", bare)]
application = WSGIHandler()
# The same with the product's WSGI layers (access log, shared and signed-in copies), as
# helpcenter.wsgi serves it: what bench.signed_in_bench and bench.profile_pages --wsgi measure.
product_application = wrap(application)
# The same garbage-collector setting as the product's WSGI app, for a fair comparison.
freeze_startup()
