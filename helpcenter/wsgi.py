"""WSGI entry point: production serves HTTP pages with granian (a Rust HTTP server calling this
WSGI app): sync views under daphne each pay a thread hop (figures in README, Performance)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helpcenter.settings")

django_application = get_wsgi_application()

from helpcenter.gc_tuning import freeze_startup  # noqa: E402 - needs Django set up
from helpcenter.wsgi_chain import wrap  # noqa: E402

# Stored knowledge-base pages and signed-in customers' copies are answered before Django builds
# a request; every request is logged with its secrets redacted (helpcenter.wsgi_chain).
application = wrap(django_application)

# What start-up built stays out of garbage collections (helpcenter.gc_tuning).
freeze_startup()
