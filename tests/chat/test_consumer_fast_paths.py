"""The consumers' two fast paths give what the plain Channels way gives: events reach the socket
and a bad event raises the same error (``dispatch_on_loop``), queries return the same rows
(``without_health_checks``)."""

import pytest
from channels.consumer import AsyncConsumer
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer

from chat import events, protocol, selectors
from chat.consumers import CustomerConsumer
from chat.socket_runtime import db
from tests.chat.conftest import connected, customer_socket
from tests.chat.factories import ConversationFactory

pytestmark = pytest.mark.django_db(transaction=True)


async def test_an_event_sent_to_the_group_is_delivered_to_the_socket(online_agent):
    conversation = await database_sync_to_async(ConversationFactory)()
    socket = await connected(await customer_socket(conversation))
    await socket.expect("welcome")
    frame = protocol.read_frame(conversation=conversation.pk, reader="agent", seq=1)

    await get_channel_layer().group_send(
        events.conversation_group(conversation.pk), events.event(frame)
    )

    assert await socket.expect("read") == frame
    await socket.close()


@pytest.mark.parametrize(
    "message",
    [{"type": "no.such.event"}, {"type": "_private"}, {"frame": {}}],
    ids=["unknown type", "leading underscore", "no type"],
)
async def test_an_event_without_a_handler_raises_as_channels_dispatch_does(message):
    consumer = CustomerConsumer()

    with pytest.raises(ValueError, match="type") as ours:
        await consumer.dispatch(message)
    with pytest.raises(ValueError, match="type") as channels_own:
        await AsyncConsumer.dispatch(consumer, message)

    assert str(ours.value) == str(channels_own.value)


async def test_a_query_through_db_returns_what_plain_database_sync_to_async_returns(
    online_agent,
):
    conversation = await database_sync_to_async(ConversationFactory)()

    ours = await db(selectors.messages_after)(conversation_id=conversation.pk, last_seq=0)
    plain = await database_sync_to_async(selectors.messages_after)(
        conversation_id=conversation.pk, last_seq=0
    )

    assert [m.pk for m in ours] == [m.pk for m in plain]
    assert len(ours) == conversation.last_seq
