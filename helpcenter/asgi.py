"""ASGI entry point for daphne: HTTP through Django, websockets through Channels.

The Origin of every websocket handshake is checked against ALLOWED_HOSTS (plus the origins
admins allow for the embeddable chat widget, see chat.routing).
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helpcenter.settings")
# Django must be set up before anything imports models.
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from chat.routing import OriginValidator, websocket_urlpatterns  # noqa: E402
from helpcenter.gc_tuning import tune_for_many_connections  # noqa: E402

tune_for_many_connections()

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": OriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)
