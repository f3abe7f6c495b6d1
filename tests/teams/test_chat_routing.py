"""Chat routing by team: the team for the topic and the customer's language first, then anyone
available; capacity still applies; security reports go to the security team."""

import pytest

from chat.models import Conversation
from teams.models import Team
from tests.chat.factories import ConversationFactory, PresenceFactory, TopicFactory
from tests.factories import staff_user
from tests.teams.factories import TeamFactory

pytestmark = pytest.mark.django_db


def online(capacity: int = 3):
    user = staff_user("agent")
    PresenceFactory(user=user, capacity=capacity)
    return user


def test_a_chat_goes_to_the_member_of_the_team_for_its_topic_and_language():
    topic = TopicFactory()
    online()
    member = online()
    TeamFactory(members=[member], topics=[topic], language=Team.Language.EN)

    conversation = ConversationFactory(topic=topic, language="en")

    assert conversation.agent == member


def test_the_team_member_is_preferred_even_when_busier_than_others():
    topic = TopicFactory()
    member = online()
    TeamFactory(members=[member], topics=[topic])
    ConversationFactory(topic=topic)
    online()

    conversation = ConversationFactory(topic=topic)

    assert conversation.agent == member


def test_the_team_in_the_customers_language_comes_before_the_team_in_another():
    topic = TopicFactory()
    english = online()
    chinese = online()
    TeamFactory(members=[english], topics=[topic], language=Team.Language.EN)
    TeamFactory(members=[chinese], topics=[topic], language=Team.Language.ZH_HANS)

    conversation = ConversationFactory(topic=topic, language="zh-hans")

    assert conversation.agent == chinese


def test_the_topics_team_in_another_language_comes_before_agents_of_no_team():
    topic = TopicFactory()
    online()
    english = online()
    TeamFactory(members=[english], topics=[topic], language=Team.Language.EN)

    conversation = ConversationFactory(topic=topic, language="zh-hans")

    assert conversation.agent == english


def test_with_the_team_full_the_chat_falls_back_to_anyone_available():
    topic = TopicFactory()
    member = online(capacity=1)
    TeamFactory(members=[member], topics=[topic])
    ConversationFactory(topic=topic)
    other = online()

    conversation = ConversationFactory(topic=topic)

    assert conversation.agent == other


def test_with_nobody_free_the_chat_waits_although_a_team_exists():
    topic = TopicFactory()
    member = online(capacity=1)
    TeamFactory(members=[member], topics=[topic])
    ConversationFactory(topic=topic)

    conversation = ConversationFactory(topic=topic)

    assert (conversation.status, conversation.agent) == (Conversation.Status.WAITING, None)


def test_a_security_report_goes_to_the_security_team():
    topic = TopicFactory(is_security=True)
    TeamFactory(members=[online()], topics=[topic])
    guard = online()
    TeamFactory(members=[guard], is_security=True)

    conversation = ConversationFactory(topic=topic)

    assert conversation.agent == guard


def test_an_inactive_team_is_ignored():
    topic = TopicFactory()
    first = online()
    TeamFactory(members=[online()], topics=[topic], is_active=False)

    conversation = ConversationFactory(topic=topic)

    assert conversation.agent == first
