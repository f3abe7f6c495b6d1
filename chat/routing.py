"""Websocket routes and the Origin check in front of them (helpcenter/asgi.py imports both).

A handshake is accepted only from an Origin matching ALLOWED_HOSTS or an active
``WidgetOrigin`` (the other company sites admins allow to embed the widget); anything else,
including a missing Origin, is refused with HTTP 403 before any consumer runs.
"""

from typing import Any
from urllib.parse import urlparse

from channels.db import database_sync_to_async
from channels.security.websocket import OriginValidator as ChannelsOriginValidator
from channels.security.websocket import WebsocketDenier
from django.conf import settings
from django.urls import path

from chat import consumers
from chat.models import WidgetOrigin

websocket_urlpatterns = [
    path("ws/chat/<int:conversation_id>/", consumers.CustomerConsumer.as_asgi()),
    path("ws/agent/", consumers.AgentConsumer.as_asgi()),
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


class OriginValidator(ChannelsOriginValidator):
    """ALLOWED_HOSTS first (no database); then the admins' widget origins."""

    def __init__(self, application: Any) -> None:
        super().__init__(application, settings.ALLOWED_HOSTS)

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
