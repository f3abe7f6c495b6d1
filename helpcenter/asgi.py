"""ASGI entry point for daphne: HTTP through Django, websockets through Channels.

The Origin of every websocket handshake is checked against the site's own origins (plus the
origins admins allow for the embeddable chat widget, see chat.routing). Everything is logged by
the project's access log (helpcenter.access_log: daphne's own is off, it would keep secrets).
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helpcenter.settings")
# Django must be set up before anything imports models.
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from chat.routing import OriginValidator, websocket_urlpatterns  # noqa: E402
from helpcenter.access_log import AccessLogASGI  # noqa: E402
from helpcenter.gc_tuning import tune_for_many_connections  # noqa: E402
from helpcenter.http_limits import (  # noqa: E402
    allow_long_request_lines,
    close_oversized_websocket_messages,
    leave_request_bodies_to_django,
)

tune_for_many_connections()
allow_long_request_lines()
close_oversized_websocket_messages()
leave_request_bodies_to_django()

application = AccessLogASGI(
    ProtocolTypeRouter(
        {
            "http": django_asgi_app,
            "websocket": OriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
        }
    )
)
