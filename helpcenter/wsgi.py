"""WSGI entry point: production serves HTTP pages with granian (a Rust HTTP server calling this
WSGI app), several times faster than a sync view under daphne (see README, Performance)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helpcenter.settings")

application = get_wsgi_application()
