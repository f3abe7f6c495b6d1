"""Who may open which socket: own conversation only, agents only, allowed Origins only."""

import pytest
from channels.db import database_sync_to_async

from chat import access
from chat.models import WidgetOrigin
from tests.chat.conftest import (
    CustomerSocket,
    Socket,
    agent_socket,
    customer_socket,
    login_cookie,
)
from tests.chat.factories import ConversationFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@database_sync_to_async
def start_chat(**kwargs):
    return ConversationFactory(**kwargs)


async def test_customer_a_cannot_join_customer_bs_conversation_with_their_own_token(online_agent):
    conversation_a = await start_chat()
    conversation_b = await start_chat()
    token_a = access.conversation_token(conversation_a)

    socket = CustomerSocket(f"/ws/chat/{conversation_b.pk}/", token=token_a)

    assert await socket.connect() is False
    assert socket.close_code == 4401


async def test_a_forged_token_is_refused(online_agent):
    conversation = await start_chat()

    socket = await customer_socket(conversation, token="eyJjIjoxfQ:forged:sig")

    assert await socket.connect() is False


async def test_no_token_and_no_session_is_refused(online_agent):
    conversation = await start_chat()

    socket = CustomerSocket(f"/ws/chat/{conversation.pk}/")

    assert await socket.connect() is False


async def test_a_logged_in_customer_joins_their_own_conversation_without_a_token(online_agent):
    user = await database_sync_to_async(UserFactory)()
    conversation = await start_chat(customer=user)

    socket = CustomerSocket(f"/ws/chat/{conversation.pk}/", cookie=await login_cookie(user))

    assert await socket.connect() is True
    await socket.close()


async def test_a_non_staff_user_cannot_use_the_agent_endpoint(online_agent):
    user = await database_sync_to_async(UserFactory)()

    socket = await agent_socket(user)

    assert await socket.connect() is False


async def test_an_anonymous_visitor_cannot_use_the_agent_endpoint():
    socket = Socket("/ws/agent/")

    assert await socket.connect() is False


async def test_a_foreign_origin_is_refused(online_agent):
    conversation = await start_chat()

    socket = await customer_socket(conversation, origin=b"https://evil.example")

    assert await socket.connect() is False


async def test_a_missing_origin_is_refused(online_agent):
    conversation = await start_chat()

    socket = await customer_socket(conversation, origin=b"")

    assert await socket.connect() is False


async def test_a_widget_origin_allowed_by_admins_is_accepted(online_agent):
    conversation = await start_chat()
    await database_sync_to_async(WidgetOrigin.objects.create)(origin="https://shop.example.com")

    socket = await customer_socket(conversation, origin=b"https://shop.example.com")

    assert await socket.connect() is True
    await socket.close()
