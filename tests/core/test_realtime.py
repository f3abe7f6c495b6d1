import json
import time

import pytest
from channels.layers import get_channel_layer

from core import realtime


def signed_post(client, payload: dict, *, signature: str | None = None):
    body = json.dumps(payload).encode()
    timestamp = str(time.time())
    return client.post(
        "/internal/realtime-relay",
        data=body,
        content_type="application/json",
        headers={
            "X-Relay-Timestamp": timestamp,
            "X-Relay-Signature": signature or realtime.sign(body, timestamp),
        },
    )


@pytest.mark.django_db
async def test_relay_delivers_a_signed_event_to_the_group(async_client):
    layer = get_channel_layer()
    channel = await layer.new_channel()
    await layer.group_add("console", channel)
    body = json.dumps({"group": "console", "event": {"type": "ticket.updated", "id": 7}}).encode()
    timestamp = str(time.time())

    response = await async_client.post(
        "/internal/realtime-relay",
        data=body,
        content_type="application/json",
        headers={
            "X-Relay-Timestamp": timestamp,
            "X-Relay-Signature": realtime.sign(body, timestamp),
        },
    )

    assert response.status_code == 204
    assert await layer.receive(channel) == {"type": "ticket.updated", "id": 7}


@pytest.mark.django_db
def test_relay_refuses_a_bad_signature(client):
    response = signed_post(client, {"group": "g", "event": {"type": "x"}}, signature="0" * 64)

    assert response.status_code == 403


def test_signature_expires():
    body = b"{}"
    old = str(time.time() - 3600)

    assert realtime.verify(body, old, realtime.sign(body, old)) is False
