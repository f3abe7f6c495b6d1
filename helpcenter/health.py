"""Dependency checks behind /healthz: database, channel layer and Celery broker."""

import asyncio
import uuid
from collections.abc import Callable

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import connection

from helpcenter.celery import app as celery_app

CHECK_TIMEOUT_SECONDS = 3


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


async def _layer_round_trip() -> None:
    layer = get_channel_layer()
    channel = await layer.new_channel()
    marker = uuid.uuid4().hex
    await layer.send(channel, {"type": "health.ping", "marker": marker})
    message = await asyncio.wait_for(layer.receive(channel), timeout=CHECK_TIMEOUT_SECONDS)
    if message.get("marker") != marker:
        raise RuntimeError("channel layer returned another message")


def check_channel_layer() -> None:
    async_to_sync(_layer_round_trip)()


def check_broker() -> None:
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=CHECK_TIMEOUT_SECONDS)


CHECKS: dict[str, Callable[[], None]] = {
    "database": check_database,
    "channel_layer": check_channel_layer,
    "broker": check_broker,
}


def run_checks() -> dict[str, dict[str, str]]:
    """Run every check; a failing one reports its error class, never a secret-bearing message."""
    results: dict[str, dict[str, str]] = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as exc:
            results[name] = {"status": "down", "error": type(exc).__name__}
        else:
            results[name] = {"status": "up"}
    return results
