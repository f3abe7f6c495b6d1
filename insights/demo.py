"""Demo event log for ``manage.py seed_demo``: a week of visitors reading suggested answers,
some of whom then chatted or sent a request, so the deflection rate has something to show.
Idempotent (the demo visitors' ids start with ``demo-``)."""

from datetime import timedelta

from django.utils import timezone

from faq.models import Article
from insights import services
from insights.models import Event
from insights.services import EventRow

Kind = Event.Kind
VISITORS_PER_DAY = 12
# Every third visitor who read an answer still asked us, within the hour.
ASKS_EVERY = 3


def load() -> None:
    if Event.objects.filter(visitor__startswith="demo-").exists():
        return
    articles = list(
        Article.objects.filter(status=Article.Status.PUBLISHED).values_list("pk", flat=True)
    )
    if not articles:
        return
    now = timezone.now()
    rows = []
    for day in range(7, 0, -1):
        for n in range(VISITORS_PER_DAY):
            visitor = f"demo-{day}-{n}"
            at = now - timedelta(days=day, hours=n)
            article = articles[(day * VISITORS_PER_DAY + n) % len(articles)]
            language = "zh-hans" if n % 2 else "en"
            common = {"visitor": visitor, "channel": Event.Channel.WIDGET, "language": language}
            rows.append(
                EventRow(
                    kind=Kind.SUGGESTION_SHOWN, at=at, data={"article_ids": [article]}, **common
                )
            )
            rows.append(
                EventRow(
                    kind=Kind.SUGGESTED_ARTICLE_OPENED,
                    at=at + timedelta(seconds=20),
                    article_id=article,
                    data={"source": "suggestion"},
                    **common,
                )
            )
            if n % ASKS_EVERY == 0:
                rows.append(
                    EventRow(kind=Kind.CHAT_STARTED, at=at + timedelta(minutes=5), **common)
                )
    services.events_record_many(events=rows)
