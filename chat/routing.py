"""Websocket routes and the Origin check in front of them (helpcenter/asgi.py imports both).

A handshake is accepted only from one of the site's own origins (``site_origins``) or an
active ``WidgetOrigin`` (the other company sites admins allow to embed the widget), compared
whole: scheme, host and port. Anything else, including a missing Origin, is refused with HTTP
403 before any consumer runs, and so is a path no route matches (quietly: any visitor can ask
for one, so it is no error).
"""

from typing import Any
from urllib.parse import urlparse

from channels.db import database_sync_to_async
from channels.security.websocket import OriginValidator as ChannelsOriginValidator
from channels.security.websocket import WebsocketDenier
from django.conf import settings
from django.urls import path, re_path

from chat import consumers
from chat.models import WidgetOrigin

websocket_urlpatterns = [
    path("ws/chat/<int:conversation_id>/", consumers.CustomerConsumer.as_asgi()),
    path("ws/agent/", consumers.AgentConsumer.as_asgi()),
    # Last: any other path is refused with 403 like a foreign origin, not raised as an error.
    re_path(r"", WebsocketDenier.as_asgi()),
]


def normalize_origin(origin: str) -> str:
    """``scheme://host[:port]`` in lower case, without a path or default port."""
    parsed = urlparse(origin.strip().lower())
    if not parsed.scheme or not parsed.hostname:
        return ""
    default = {"http": 80, "https": 443, "ws": 80, "wss": 443}.get(parsed.scheme)
    port = f":{parsed.port}" if parsed.port and parsed.port != default else ""
    return f"{parsed.scheme}://{parsed.hostname}{port}"


def widget_origin_allowed(origin: str) -> bool:
    """Whether admins allow ``origin`` to embed the widget (one indexed lookup)."""
    normalized = normalize_origin(origin)
    return (
        bool(normalized) and WidgetOrigin.objects.filter(origin=normalized, is_active=True).exists()
    )


def site_origins() -> list[str]:
    """The origins the site itself is served on: each of ``ALLOWED_HOSTS`` with the scheme and
    port of ``SITE_URL`` (where the site is served; its e-mailed links start with it), plus every
    ``CSRF_TRUSTED_ORIGINS`` entry (full origins: another port or scheme a proxy serves it on).
    A leading dot in a host matches its subdomains, as in ALLOWED_HOSTS; ``*`` matches any."""
    site = urlparse(settings.SITE_URL)
    default_port = {"http": 80, "https": 443}.get(site.scheme)
    port = site.port or default_port
    hosts = [
        host if host == "*" else f"{site.scheme}://{host}:{port}" for host in settings.ALLOWED_HOSTS
    ]
    return [*hosts, *settings.CSRF_TRUSTED_ORIGINS]


class OriginValidator(ChannelsOriginValidator):
    """The site's own origins first (no database); then the admins' widget origins."""

    def __init__(self, application: Any) -> None:
        self.application = application

    @property
    def allowed_origins(self) -> list[str]:  # read per handshake: settings may change in tests
        return site_origins()

    async def __call__(self, scope: dict, receive: Any, send: Any) -> Any:
        origin = ""
        for name, value in scope.get("headers", []):
            if name == b"origin":
                origin = value.decode("latin1")
        parsed = urlparse(origin) if origin else None
        if parsed is not None and (
            self.valid_origin(parsed) or await database_sync_to_async(widget_origin_allowed)(origin)
        ):
            return await self.application(scope, receive, send)
        return await WebsocketDenier()(scope, receive, send)
