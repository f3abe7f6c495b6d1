"""A frame larger than the protocol allows closes the socket with a close frame, over real
daphne: 1009 above daphne's message limit, 4009 (the consumer's own) above the protocol's."""

import asyncio
import json

import pytest
import websockets
from channels.db import database_sync_to_async

from chat import access
from tests.chat.factories import ConversationFactory

pytestmark = pytest.mark.django_db(transaction=True)


async def signed_in_customer(live_daphne):
    """A customer socket past its ``auth`` frame (welcomed)."""
    conversation = await database_sync_to_async(ConversationFactory)()
    socket = await websockets.connect(
        f"{live_daphne.ws_url}/ws/chat/{conversation.pk}/", origin=live_daphne.url
    )
    token = access.conversation_token(conversation)
    await socket.send(json.dumps({"type": "auth", "token": token}))
    assert json.loads(await socket.recv())["type"] == "welcome"
    return socket


async def test_a_2_mb_frame_closes_the_socket_with_message_too_big(online_agent, live_daphne):
    socket = await signed_in_customer(live_daphne)

    await socket.send(json.dumps({"type": "message", "client_id": "big", "body": "x" * 2_000_000}))
    async with asyncio.timeout(10):
        await socket.wait_closed()

    assert socket.close_code == 1009


async def test_a_frame_over_the_protocol_limit_closes_the_socket_with_4009(
    online_agent, live_daphne
):
    socket = await signed_in_customer(live_daphne)

    await socket.send(json.dumps({"type": "message", "client_id": "big", "body": "x" * 300_000}))
    async with asyncio.timeout(10):
        await socket.wait_closed()

    assert socket.close_code == 4009
