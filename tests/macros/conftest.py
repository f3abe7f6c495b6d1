import pytest

from chat.models import Conversation
from tests.chat.factories import ConversationFactory, PresenceFactory
from tests.tickets.factories import CategoryFactory


@pytest.fixture
def category(db):
    return CategoryFactory(slug="payment-failed", name_en="Payment failed", name_zh_hans="付款失败")


@pytest.fixture
def active_chat(db, agent):
    """A chat routed to the agent, the only one online (only the chat's agent may write in
    it)."""
    PresenceFactory(user=agent)
    chat = ConversationFactory(name="Li Wei")
    chat.refresh_from_db()
    assert (chat.status, chat.agent_id) == (Conversation.Status.ACTIVE, agent.pk)
    return chat
