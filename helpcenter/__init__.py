"""The help center project package: settings, URLs, ASGI/WSGI entry points and the Celery app.

It is also a small Django app owning site-wide settings that admins edit (contact channels,
business hours) and the shared helpers every other app uses.
"""

from helpcenter.celery import app as celery_app

__all__ = ("celery_app",)
