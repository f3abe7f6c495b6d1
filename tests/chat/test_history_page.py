"""A signed-in customer reads a past or current chat from "My requests": their own only, every
line with its files, in the page's language."""

import pytest

from chat import services
from tests.chat.factories import ConversationFactory
from tests.chat.test_attachments import download, stored_attachment
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def history_url(conversation, language="en") -> str:
    return f"/{language}/requests/mine/chats/{conversation.pk}/"


@pytest.fixture
def chat_of(online_agent):
    """A chat of ``customer`` that the online agent answered."""

    def make(customer, **kwargs):
        conversation = ConversationFactory(customer=customer, **kwargs)
        services.message_send(
            conversation_id=conversation.pk,
            sender_kind="agent",
            client_id="agent-1",
            body="Please send <b>the receipt</b>.",
            user=online_agent,
        )
        return conversation

    return make


def test_the_customer_reads_their_chat_with_the_agents_reply_escaped(client, customer, chat_of):
    conversation = chat_of(customer, message="My payment failed with error 51.")
    client.force_login(customer)

    response = client.get(history_url(conversation))

    html = response.content.decode()
    assert response.status_code == 200
    assert "My payment failed with error 51." in html
    assert "Please send &lt;b&gt;the receipt&lt;/b&gt;." in html
    assert "In progress" in html
    assert 'href="/en/chat/"' in html  # back into the chat while it goes on


def test_the_page_speaks_chinese_under_the_chinese_prefix(client, customer, chat_of):
    conversation = chat_of(customer)
    services.conversation_close(conversation_id=conversation.pk, by_customer=True)
    services.conversation_rate(conversation_id=conversation.pk, score=4)
    client.force_login(customer)

    html = client.get(history_url(conversation, "zh-hans")).content.decode()

    assert "此对话已结束。" in html
    assert "您的评分：4 / 5" in html
    assert "客服团队" in html


def test_another_customer_an_agent_and_a_visitor_cannot_read_it(
    client, customer, chat_of, online_agent
):
    conversation = chat_of(customer)

    visitor = client.get(history_url(conversation))
    client.force_login(UserFactory())
    other = client.get(history_url(conversation))
    client.force_login(online_agent)
    agent = client.get(history_url(conversation))

    assert visitor.status_code == 302
    assert "/account/login/" in visitor["Location"]
    assert (other.status_code, agent.status_code) == (404, 404)


def test_a_guest_chat_with_no_account_is_not_anyones(client, customer, online_agent):
    guest = ConversationFactory(email=customer.email)
    client.force_login(customer)

    assert client.get(history_url(guest)).status_code == 404


def test_a_file_in_the_chat_is_linked_and_downloads_for_the_owner(client, customer, chat_of):
    conversation = chat_of(customer)
    attachment = stored_attachment(conversation, name="receipt.png")
    client.force_login(customer)

    html = client.get(history_url(conversation)).content.decode()
    file = download(client, attachment)

    assert f'href="/api/chat/conversations/{conversation.pk}/files/{attachment.pk}"' in html
    assert "receipt.png" in html
    assert file.status_code == 200


def test_my_requests_links_each_chat_to_its_page(client, customer, chat_of):
    conversation = chat_of(customer)
    other = chat_of(UserFactory())
    client.force_login(customer)

    html = client.get("/en/requests/mine/").content.decode()

    assert f'href="{history_url(conversation)}"' in html
    assert history_url(other) not in html


def test_a_chat_turned_into_a_request_points_to_it(client, customer, chat_of):
    conversation = chat_of(customer)
    conversation.ticket_reference = "HC-2026-000042"
    conversation.save(update_fields=["ticket_reference"])
    client.force_login(customer)

    html = client.get(history_url(conversation)).content.decode()

    assert "This chat continues as request HC-2026-000042." in html
    assert 'href="/en/requests/HC-2026-000042/"' in html
