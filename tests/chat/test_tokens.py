"""Customer tokens: never in a URL, ended by closing the chat, rotatable; a reconnect keeps
working."""

import json

import pytest
from channels.db import database_sync_to_async
from django.test import Client

from chat import access, services
from chat.models import Conversation
from tests.chat.conftest import CustomerSocket, connected, customer_socket
from tests.chat.factories import ConversationFactory
from tests.chat.test_attachments import download, stored_attachment

pytestmark = pytest.mark.django_db(transaction=True)


@database_sync_to_async
def start_chat():
    return ConversationFactory()


@database_sync_to_async
def close_chat(conversation):
    services.conversation_close(conversation_id=conversation.pk, by_customer=True)


def rotate(conversation, token):
    return Client().post(
        f"/api/chat/conversations/{conversation.pk}/token/rotate",
        content_type="application/json",
        headers={"X-Chat-Token": token},
    )


def detail(conversation, token):
    return Client().get(
        f"/api/chat/conversations/{conversation.pk}", headers={"X-Chat-Token": token}
    )


async def test_the_token_in_the_first_frame_opens_the_conversation(online_agent):
    conversation = await start_chat()
    socket = await customer_socket(conversation)

    assert await socket.connect() is True
    welcome = await socket.expect("welcome")

    assert welcome["conversation"]["id"] == conversation.pk
    await socket.close()


async def test_a_token_in_the_socket_url_is_not_accepted(online_agent):
    conversation = await start_chat()
    token = access.conversation_token(conversation)
    socket = CustomerSocket(f"/ws/chat/{conversation.pk}/?token={token}")
    await socket.communicator.connect(timeout=15)

    await socket.send({"type": "sync", "last_seq": 0})
    output = await socket.communicator.receive_output(timeout=15)

    assert output == {"type": "websocket.close", "code": 4401}


async def test_a_socket_that_never_authenticates_is_closed(online_agent, monkeypatch):
    monkeypatch.setattr("chat.protocol.AUTH_DEADLINE_SECONDS", 0.2)
    conversation = await start_chat()
    socket = CustomerSocket(f"/ws/chat/{conversation.pk}/")
    await socket.communicator.connect(timeout=15)

    output = await socket.communicator.receive_output(timeout=15)

    assert output == {"type": "websocket.close", "code": 4401}


async def test_a_customer_who_disconnected_reconnects_with_the_same_token(online_agent):
    conversation = await start_chat()
    token = access.conversation_token(conversation)
    first = await connected(await customer_socket(conversation, token=token))
    await first.close()

    again = await customer_socket(conversation, token=token)

    assert await again.connect() is True
    await again.close()


async def test_closing_the_chat_ends_its_token_on_the_socket(online_agent):
    conversation = await start_chat()
    token = access.conversation_token(conversation)

    await close_chat(conversation)
    socket = await customer_socket(conversation, token=token)

    assert await socket.connect() is False
    assert socket.close_code == 4401


def test_closing_the_chat_ends_its_token_on_the_api_and_downloads(online_agent):
    conversation = ConversationFactory()
    attachment = stored_attachment(conversation)
    token = access.conversation_token(conversation)

    services.conversation_close(conversation_id=conversation.pk, by_customer=True)

    assert detail(conversation, token).status_code == 404
    assert download(Client(), attachment, token=token).status_code == 404


def test_a_closed_chat_can_still_be_rated_with_its_token_just_after(online_agent):
    conversation = ConversationFactory()
    token = access.conversation_token(conversation)
    services.conversation_close(conversation_id=conversation.pk, by_customer=True)

    response = Client().post(
        f"/api/chat/conversations/{conversation.pk}/rating",
        data=json.dumps({"score": 5}),
        content_type="application/json",
        headers={"X-Chat-Token": token},
    )

    assert response.status_code == 200


def test_a_download_does_not_take_the_token_from_the_url(online_agent):
    conversation = ConversationFactory()
    attachment = stored_attachment(conversation)

    response = Client().get(
        f"/api/chat/conversations/{conversation.pk}/files/{attachment.pk}",
        {"token": access.conversation_token(conversation)},
    )

    assert response.status_code == 404


def test_rotating_refuses_the_old_token_and_the_new_one_works(online_agent):
    conversation = ConversationFactory()
    old = access.conversation_token(conversation)

    response = rotate(conversation, old)
    new = response.json()["token"]

    assert response.status_code == 200
    assert detail(conversation, old).status_code == 404
    assert detail(conversation, new).status_code == 200


async def test_a_rotated_token_no_longer_opens_the_socket_and_the_new_one_does(online_agent):
    conversation = await start_chat()
    old = access.conversation_token(conversation)

    new = (await database_sync_to_async(rotate)(conversation, old)).json()["token"]
    with_old = await customer_socket(conversation, token=old)
    with_new = await customer_socket(conversation, token=new)

    assert await with_old.connect() is False
    assert await with_new.connect() is True
    await with_new.close()


def test_a_token_from_before_the_key_existed_is_refused(online_agent):
    conversation = ConversationFactory()
    legacy = access.signing.dumps({"c": conversation.pk}, salt=access.TOKEN_SALT)

    assert detail(conversation, legacy).status_code == 404
    assert Conversation.objects.get(pk=conversation.pk).customer_key
