"""The WSGI layers around Django's handler, in one place: production (helpcenter/wsgi.py) and
the benchmarks that measure the product's pages (bench.faq_bare, bench.profile_pages) wrap
Django the same way."""

from collections.abc import Callable

from api.create_shortcut import ApiCreateWSGI
from faq.middleware import SharedPageWSGI
from helpcenter.access_log import AccessLogWSGI
from helpcenter.person_wsgi import PersonPageWSGI


def wrap(django_application: Callable) -> Callable:
    """Every request is logged with its secrets redacted (granian's own access log stays off);
    stored anonymous knowledge-base pages (faq.middleware) and signed-in customers' copies
    (helpcenter.person_wsgi) are answered before Django builds a request, and the API's new
    requests are done before it too (api.create_shortcut)."""
    return AccessLogWSGI(SharedPageWSGI(PersonPageWSGI(ApiCreateWSGI(django_application))))
