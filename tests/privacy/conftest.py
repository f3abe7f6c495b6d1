import pytest

from tests.chat.factories import PresenceFactory
from tests.factories import staff_user
from tests.privacy.world import EMMA, ZHAO, build_person
from tests.tickets.factories import CategoryFactory
from tests.webhooks.factories import SubscriptionFactory


@pytest.fixture
def desk_agent(db):
    user = staff_user("agent", username="desk-agent", first_name="Lina")
    PresenceFactory(user=user, capacity=10)
    return user


@pytest.fixture
def people(desk_agent, settings, django_capture_on_commit_callbacks):
    """Two customers with a record in every store; webhook deliveries are written for their
    requests and chats. Their after-commit work (outbox, broadcasts) is run as it would be."""
    settings.RATELIMIT_ENABLE = False
    SubscriptionFactory()
    category = CategoryFactory(slug="payment-failed")
    with django_capture_on_commit_callbacks(execute=False):
        zhao = build_person(ZHAO, agent=desk_agent, category=category)
        emma = build_person(EMMA, agent=desk_agent, category=category)
    return zhao, emma


@pytest.fixture
def zhao(people):
    return people[0]


@pytest.fixture
def emma(people):
    return people[1]
