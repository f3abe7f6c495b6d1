"""Guest chats for the claiming tests: a conversation row as a guest's pre-chat form leaves it
(``services.conversation_start`` needs an agent online, which these tests are not about)."""

import factory

from chat.models import Conversation


class GuestChatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conversation

    customer_name = "Wang Fang"
    customer_email = factory.Sequence(lambda n: f"guest{n}@example.com")
    language = "en"
