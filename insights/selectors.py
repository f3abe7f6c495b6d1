"""Reads of the event log: the metrics of docs/metrics.md, aggregated in the database."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, DateTimeField, Exists, ExpressionWrapper, OuterRef, Q

from insights.models import Event

DEFLECTION_WINDOW = timedelta(hours=24)
# What "saw a suggested or searched article" means: opened an article that a suggestion, the
# topic's list or a search offered (docs/metrics.md, Deflection rate).
SAW_ARTICLE = Event.Kind.SUGGESTED_ARTICLE_OPENED
CONTACTED = (Event.Kind.CHAT_STARTED, Event.Kind.REQUEST_STARTED)


@dataclass(frozen=True)
class Deflection:
    seen: int  # visitors who opened a suggested or searched article in the range
    contacted: int  # of them, those who started a chat or a request within 24 h of one
    deflected: int

    @property
    def rate(self) -> float | None:
        """Deflected over seen (0..1); None when nobody saw an article."""
        return self.deflected / self.seen if self.seen else None


def deflection_rate(*, start: datetime, end: datetime) -> Deflection:
    """Visitors who opened a suggested or searched article in ``[start, end)`` and started no
    chat and no request in the 24 hours after any such opening (both ends included), over all
    who opened one. One query; a contact after ``end`` still counts, so a range that ended less
    than 24 hours ago is not final."""
    contact = Event.objects.filter(
        kind__in=CONTACTED,
        visitor=OuterRef("visitor"),
        at__gte=OuterRef("at"),
        at__lte=ExpressionWrapper(OuterRef("at") + DEFLECTION_WINDOW, output_field=DateTimeField()),
    )
    totals = (
        Event.objects.filter(kind=SAW_ARTICLE, at__gte=start, at__lt=end)
        .exclude(visitor="")
        .annotate(asked=Exists(contact))
        .aggregate(
            seen=Count("visitor", distinct=True),
            contacted=Count("visitor", distinct=True, filter=Q(asked=True)),
        )
    )
    return Deflection(
        seen=totals["seen"],
        contacted=totals["contacted"],
        deflected=totals["seen"] - totals["contacted"],
    )


VIEWED_BEFORE_WINDOW = timedelta(hours=24)
VIEWED = (Event.Kind.ARTICLE_VIEWED, Event.Kind.SUGGESTED_ARTICLE_OPENED)


@dataclass(frozen=True)
class ViewedArticle:
    article_id: int
    at: datetime


def articles_viewed_before_contact(
    *, ticket_id: int | None = None, conversation_id: int | None = None, limit: int = 8
) -> list[ViewedArticle]:
    """The articles the visitor who started this request or chat opened in the 24 hours
    before (newest first, each once), when the start was recorded with a visitor id; else [].
    Two indexed queries at most (the start event, then the visitor's views)."""
    if ticket_id is None and conversation_id is None:
        return []
    start = Event.objects.filter(kind__in=CONTACTED).exclude(visitor="")
    if ticket_id is not None:
        start = start.filter(ticket_id=ticket_id)
    else:
        start = start.filter(conversation_id=conversation_id)
    contact = start.order_by("at").values("visitor", "at").first()
    if contact is None:
        return []
    views = Event.objects.filter(
        kind__in=VIEWED,
        visitor=contact["visitor"],
        at__lte=contact["at"],
        at__gte=contact["at"] - VIEWED_BEFORE_WINDOW,
        article_id__isnull=False,
    ).order_by("-at")[: limit * 4]
    seen: dict[int, datetime] = {}
    for article_id, at in views.values_list("article_id", "at"):
        seen.setdefault(article_id, at)
    return [ViewedArticle(article_id=a, at=at) for a, at in list(seen.items())[:limit]]
