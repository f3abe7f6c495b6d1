"""Reads of the event log: the metrics of docs/metrics.md, aggregated in the database."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from django.db.models import (
    Count,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
)
from django.db.models.functions import TruncDate

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


def _readings(start: datetime, end: datetime) -> QuerySet[Event]:
    """Openings of offered articles in the range, each marked ``asked`` (a chat or request by
    the same visitor within 24 h after it), visitors without an id left out."""
    contact = Event.objects.filter(
        kind__in=CONTACTED,
        visitor=OuterRef("visitor"),
        at__gte=OuterRef("at"),
        at__lte=ExpressionWrapper(OuterRef("at") + DEFLECTION_WINDOW, output_field=DateTimeField()),
    )
    return (
        Event.objects.filter(kind=SAW_ARTICLE, at__gte=start, at__lt=end)
        .exclude(visitor="")
        .annotate(asked=Exists(contact))
    )


def deflection_by_day(*, start: datetime, end: datetime, zone: tzinfo) -> dict[date, Deflection]:
    """``deflection_rate`` for each day (in ``zone``) of the range, one query: a visitor
    counts on each day they read an offered article."""
    result = (
        _readings(start, end)
        .annotate(day=TruncDate("at", tzinfo=zone))
        .values("day")
        .annotate(
            seen=Count("visitor", distinct=True),
            contacted=Count("visitor", distinct=True, filter=Q(asked=True)),
        )
        .order_by()
    )
    return {
        r["day"]: Deflection(r["seen"], r["contacted"], r["seen"] - r["contacted"]) for r in result
    }


@dataclass(frozen=True)
class DeflectingArticle:
    article_id: int
    readings: int  # openings of the article after it was offered
    deflected: int  # of them, not followed by a chat or request within 24 h


def most_deflecting_articles(*, start: datetime, end: datetime, limit: int = 10) -> list:
    """Articles whose offered readings were most often not followed by a chat or request."""
    result = (
        _readings(start, end)
        .exclude(article_id=None)
        .values("article_id")
        .annotate(readings=Count("id"), deflected=Count("id", filter=Q(asked=False)))
        .order_by("-deflected", "-readings", "article_id")[:limit]
    )
    return [DeflectingArticle(r["article_id"], r["readings"], r["deflected"]) for r in result]


def searches_without_results(
    *, start: datetime, end: datetime, language: str = "", limit: int = 20
) -> list[tuple[str, int]]:
    """The words searched most often without any result, with how many times."""
    rows = Event.objects.filter(kind=Event.Kind.SEARCH_WITHOUT_RESULTS, at__gte=start, at__lt=end)
    if language:
        rows = rows.filter(language=language)
    result = rows.values("query").annotate(n=Count("id")).order_by("-n", "query")[:limit]
    return [(r["query"], r["n"]) for r in result]
