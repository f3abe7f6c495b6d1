"""The live floor over the real agent socket: a supervisor's socket hears ``floor`` when a
chat is queued or taken, and the floor's figures have changed by then; an agent's does not."""

import pytest
from channels.db import database_sync_to_async

from chat import services
from insights.floor import floor_now
from tests.chat.conftest import agent_socket, connected
from tests.chat.factories import ConversationFactory, PresenceFactory
from tests.factories import staff_user

pytestmark = pytest.mark.django_db(transaction=True)


@database_sync_to_async
def busy_agent():
    """An online agent whose one slot is taken: the next chat waits."""
    agent = staff_user("agent")
    PresenceFactory(user=agent, capacity=1)
    ConversationFactory()
    return agent


@database_sync_to_async
def start_chat():
    return ConversationFactory()


@database_sync_to_async
def take(conversation, agent):
    services.conversation_accept(conversation_id=conversation.pk, user=agent)


@database_sync_to_async
def waiting_now():
    return floor_now().waiting


async def test_the_floor_changes_when_a_chat_is_queued_and_when_it_is_taken():
    agent = await busy_agent()
    supervisor = await database_sync_to_async(staff_user)("supervisor")
    socket = await connected(await agent_socket(supervisor))
    await socket.expect("welcome")

    chat = await start_chat()
    queued = await socket.expect("floor")
    assert await waiting_now() == 1

    await take(chat, agent)
    taken = await socket.expect("floor")
    assert await waiting_now() == 0

    assert queued["changed"] == taken["changed"] == ["chat"]
    await socket.close()


async def test_an_agents_socket_gets_no_floor_frame():
    agent = await busy_agent()
    socket = await connected(await agent_socket(agent))
    await socket.expect("welcome")

    await start_chat()
    await socket.expect("queue_update")
    while not await socket.nothing_more():
        await socket.receive()

    assert "floor" not in {frame["type"] for frame in socket.seen}
    await socket.close()
