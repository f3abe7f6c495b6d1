"""How the chat consumers run database work and events: the sockets' fast paths, each behind
one named function (tests/chat/test_consumer_fast_paths.py checks they give what the plain
Channels way gives)."""

import functools
from typing import Any

from channels.consumer import AsyncConsumer
from channels.db import database_sync_to_async
from channels.exceptions import StopConsumer
from channels.generic.websocket import AsyncWebsocketConsumer
from django.db import connections

from core import realtime


def db(func: Any) -> Any:
    """Run ORM work in the worker thread pool. Not thread-sensitive: the default would put
    every socket's queries on one shared thread, so one slow query would stall all chats."""
    return database_sync_to_async(without_health_checks(func), thread_sensitive=False)


def without_health_checks(func: Any) -> Any:
    """Fast path: ``func`` without CONN_HEALTH_CHECKS' ``SELECT 1`` before each socket frame's
    queries (a second round trip per message); it returns what ``func`` returns. A connection
    that broke anyway fails one call, whose client resends by client_id; channels then closes
    it as unusable and the next call reconnects."""

    @functools.wraps(func)
    def run(*args: Any, **kwargs: Any) -> Any:
        for connection in connections.all(initialized_only=True):
            if connection.connection is not None:
                # Django then skips the check, as for a request's second query.
                connection.health_check_done = True
        return func(*args, **kwargs)

    return run


async def dispatch_on_loop(consumer: AsyncConsumer, message: dict[str, Any]) -> None:
    """Fast path for ``AsyncConsumer.dispatch``: the same handler lookup and errors, without
    its hop to the shared sync thread to close stale database connections, which Channels makes
    for every event: three thread hops per chat message (the frame, then its delivery to each
    side). Every query here runs through ``db`` (``database_sync_to_async``), which closes
    stale connections in its own thread, so the hop buys nothing."""
    handler = getattr(consumer, handler_name(message), None)
    if handler is None:
        raise ValueError(f"No handler for message type {message['type']}")
    await handler(message)


async def disconnect_on_loop(consumer: AsyncWebsocketConsumer, message: dict[str, Any]) -> None:
    """Fast path for ``AsyncWebsocketConsumer.websocket_disconnect``: the same group discards,
    ``disconnect`` and ``StopConsumer``, without its hop to the shared sync thread to close
    stale database connections (``aclose_old_connections``), for the reason given at
    ``dispatch_on_loop``. That thread is one per process: when 18,000 sockets dropped at once
    their hops queued on it for seconds, and so did the auth middleware of every socket
    connecting meanwhile (it loads the session there), so agents timed out
    (docs/performance-sockets.md)."""
    for group in consumer.groups:
        await consumer.channel_layer.group_discard(group, consumer.channel_name)
    await consumer.disconnect(message["code"])
    raise StopConsumer


def handler_name(message: dict[str, Any]) -> str:
    """Channels' name for the handler of an event: ``chat.frame`` → ``chat_frame`` (as
    ``channels.consumer.get_handler_name``, which is not documented API)."""
    if "type" not in message:
        raise ValueError("Incoming message has no 'type' attribute")
    name = message["type"].replace(".", "_")
    if name.startswith("_"):
        raise ValueError("Malformed type in message (leading underscore)")
    return name


async def service(func: Any, **kwargs: Any) -> Any:
    """Run a chat service like ``db``; the events it emits after its commit are then sent from
    this event loop (core.realtime.collecting), in order, before the caller acks."""
    result, pending = await db(realtime.collecting(func))(**kwargs)
    await realtime.send_collected(pending)
    return result
