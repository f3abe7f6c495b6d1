import pytest

from tests.chat.conftest import published  # noqa: F401  (a fixture: what reaches the layer)
from tests.tickets.factories import CategoryFactory


@pytest.fixture
def category(db):
    return CategoryFactory(slug="payment-failed", name_en="Payment failed", name_zh_hans="付款失败")


@pytest.fixture
def busy_colleague(db):
    """An agent online with room for one chat and already in one: new chats wait in the queue
    (a customer can only start a chat while someone is online)."""
    from tests.chat.factories import ConversationFactory, PresenceFactory
    from tests.factories import staff_user

    colleague = staff_user("agent")
    PresenceFactory(user=colleague, capacity=1)
    ConversationFactory()
    return colleague
