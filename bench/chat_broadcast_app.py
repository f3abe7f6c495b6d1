"""Baseline 2: a bare Channels consumer. Each socket joins the group named in its path
(``/pair/<n>/``, two members) and broadcasts every frame it receives to that group through the
project's channel layer (the same settings as the chat), with no database and no parsing."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helpcenter.settings")

import django

django.setup()

from channels.generic.websocket import AsyncWebsocketConsumer  # noqa: E402
from channels.routing import URLRouter  # noqa: E402
from django.urls import path  # noqa: E402

from helpcenter.gc_tuning import tune_for_many_connections  # noqa: E402


class PairBroadcast(AsyncWebsocketConsumer):
    async def connect(self) -> None:
        self.group = f"pair.{self.scope['url_route']['kwargs']['pair']}"
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        await self.channel_layer.group_send(self.group, {"type": "pair.text", "text": text_data})

    async def pair_text(self, event: dict) -> None:
        await self.send(text_data=event["text"])


tune_for_many_connections()  # as daphne's product application does
application = URLRouter([path("pair/<int:pair>/", PairBroadcast.as_asgi())])
