"""Chat factories: conversations are started through the service, like the widget does."""

import factory
from django.utils import timezone

from chat import services
from chat.models import AgentPresence, Conversation
from core.models import Topic


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"chat-topic-{n}")
    name_zh_hans = factory.Sequence(lambda n: f"聊天主题{n}")
    name_en = factory.Sequence(lambda n: f"Chat topic {n}")


class PresenceFactory(factory.django.DjangoModelFactory):
    """An agent's presence: online with a fresh heartbeat unless told otherwise."""

    class Meta:
        model = AgentPresence
        django_get_or_create = ("user",)

    status = AgentPresence.Status.ONLINE
    capacity = 3
    last_seen_at = factory.LazyFunction(timezone.now)


class ConversationFactory(factory.Factory):
    """``services.conversation_start`` with a pre-chat form's worth of fields (an agent must
    be online, as for a real customer)."""

    class Meta:
        model = Conversation

    name = factory.Sequence(lambda n: f"Customer {n}")
    email = factory.Sequence(lambda n: f"chat{n}@example.com")
    topic = factory.SubFactory(TopicFactory)
    message = "My payment failed with error 51."
    client_id = factory.Sequence(lambda n: f"first-{n}")
    page_url = "http://127.0.0.1/en/payment-failed/"
    language = "en"
    customer = None

    @classmethod
    def _create(cls, model_class, **kwargs):
        return services.conversation_start(**kwargs)

    @classmethod
    def _build(cls, model_class, **kwargs):
        raise NotImplementedError("conversations are only made through the service")
