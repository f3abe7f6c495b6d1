"""Websocket routes. Every handshake's Origin must match ALLOWED_HOSTS."""

from channels.security.websocket import AllowedHostsOriginValidator

OriginValidator = AllowedHostsOriginValidator

websocket_urlpatterns: list = []
