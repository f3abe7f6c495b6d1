"""message_send outside a transaction, as sockets call it (on PostgreSQL: one statement), and
the cases where that statement stores nothing and the general path answers."""

import pytest

from chat import services
from chat.models import Conversation, Message
from chat.services import ChatError
from tests.chat.conftest import staff_user
from tests.chat.factories import ConversationFactory, PresenceFactory

pytestmark = pytest.mark.django_db(transaction=True)


def send(conversation, body, client_id, *, agent=None):
    return services.message_send(
        conversation_id=conversation.pk,
        sender_kind="agent" if agent else "customer",
        client_id=client_id,
        body=body,
        user=agent,
    )


def test_a_message_takes_the_next_seq_and_marks_the_writer_as_having_read_it(online_agent):
    conversation = ConversationFactory()
    first_seq = conversation.last_seq

    result = send(conversation, "Still waiting", "c-2")

    conversation.refresh_from_db()
    stored = Message.objects.get(pk=result.message.pk)
    assert not result.duplicate
    assert stored.seq == result.message.seq == first_seq + 1 == conversation.last_seq
    assert conversation.customer_read_seq == stored.seq
    assert stored.sender_name == conversation.customer_name
    assert stored.created_at == result.message.created_at


def test_a_resend_is_stored_once_and_takes_no_seq(online_agent):
    conversation = ConversationFactory()
    original = send(conversation, "Hello", "same-id")

    again = send(conversation, "Hello", "same-id")

    conversation.refresh_from_db()
    assert again.duplicate
    assert again.message.pk == original.message.pk
    assert conversation.last_seq == original.message.seq
    assert Message.objects.filter(conversation=conversation, client_id="same-id").count() == 1


def test_a_closed_conversation_refuses_messages_but_acks_a_resend(online_agent):
    conversation = ConversationFactory()
    original = send(conversation, "Bye", "last")
    Conversation.objects.filter(pk=conversation.pk).update(status=Conversation.Status.CLOSED)

    assert send(conversation, "Bye", "last").duplicate
    with pytest.raises(ChatError) as refused:
        send(conversation, "One more thing", "later")

    assert refused.value.code == "closed"
    assert Message.objects.filter(conversation=conversation).count() == original.message.seq


def test_only_the_assigned_agent_or_a_supervisor_may_write(online_agent):
    conversation = ConversationFactory()  # routed to online_agent
    other = staff_user("agent")
    PresenceFactory(user=other)
    supervisor = staff_user("supervisor")

    with pytest.raises(ChatError) as refused:
        send(conversation, "Hi", "a-1", agent=other)
    by_agent = send(conversation, "Hi, I am looking", "a-2", agent=online_agent)
    by_supervisor = send(conversation, "Supervisor here", "s-1", agent=supervisor)

    assert refused.value.code == "forbidden"
    assert by_agent.message.sender_id == online_agent.pk
    assert by_supervisor.message.seq == by_agent.message.seq + 1
    conversation.refresh_from_db()
    assert conversation.agent_read_seq == by_supervisor.message.seq


def test_an_unknown_conversation_is_not_found(db):
    with pytest.raises(ChatError) as refused:
        services.message_send(
            conversation_id=999_999, sender_kind="customer", client_id="x", body="Hi"
        )

    assert refused.value.code == "not_found"


def test_system_lines_are_stored_in_the_customers_language(online_agent):
    conversation = ConversationFactory(language="zh-hans")

    lines = Message.objects.filter(conversation=conversation, sender_kind="system")

    assert [line.body for line in lines] == [f"{online_agent.get_full_name()} 已加入对话。"]
