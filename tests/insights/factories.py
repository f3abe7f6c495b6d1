"""Event-log factories: rows are written through the service, as the app writes them."""

import factory
from django.utils import timezone

from insights import services
from insights.models import Event


class EventFactory(factory.Factory):
    class Meta:
        model = Event

    kind = Event.Kind.SUGGESTED_ARTICLE_OPENED
    visitor = factory.Sequence(lambda n: f"visitor{n:026d}")
    at = factory.LazyFunction(timezone.now)
    article_id = 1
    channel = Event.Channel.WEB

    @classmethod
    def _create(cls, model_class, **kwargs):
        return services.event_record(**kwargs)
