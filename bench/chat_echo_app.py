"""Baseline 1: a bare ASGI websocket echo (no Django, no Channels): the ceiling for Python."""

from typing import Any

from helpcenter.gc_tuning import tune_for_many_connections

tune_for_many_connections()  # as daphne's product application does


async def application(scope: dict, receive: Any, send: Any) -> None:
    if scope["type"] != "websocket":
        return
    while True:
        event = await receive()
        if event["type"] == "websocket.connect":
            await send({"type": "websocket.accept"})
        elif event["type"] == "websocket.receive":
            await send({"type": "websocket.send", "text": event.get("text")})
        elif event["type"] == "websocket.disconnect":
            return
