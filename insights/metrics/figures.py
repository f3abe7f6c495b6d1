"""Each metric of docs/metrics.md as one function of a ``Scope``: which rows, which number."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum

from insights.metrics.base import (
    Distribution,
    Scope,
    Share,
    Summary,
    day,
    distribution,
    number,
    share,
    summary,
    text,
)
from insights.models import Event

Kind = Event.Kind
SCORES = (1, 2, 3, 4, 5)
SATISFIED = 4  # a score of 4 or 5 counts as satisfied


def _final(rows: QuerySet[Event], later_kind: str, key: str) -> QuerySet[Event]:
    """Rows not followed by a ``later_kind`` row of the same ticket or chat (``key``): the
    last solve of a request reopened since, the last rating of one rated twice."""
    later = Event.objects.filter(kind=later_kind, at__gt=OuterRef("at"), **{key: OuterRef(key)})
    return rows.exclude(Exists(later))


def _final_solves(scope: Scope) -> QuerySet[Event]:
    return _final(scope.events(Kind.SOLVED), Kind.REOPENED, "ticket_id")


def first_response_time(scope: Scope) -> Distribution:
    """Opening-hours seconds from a request's creation to the first public agent reply."""
    rows = scope.events(Kind.FIRST_PUBLIC_RESPONSE)
    return distribution(rows, number("business_seconds"), scope)


def first_response_summary(scope: Scope) -> Summary:
    """``first_response_time``'s total alone (the live floor's "today")."""
    return summary(scope.events(Kind.FIRST_PUBLIC_RESPONSE), number("business_seconds"))


def resolution_time(scope: Scope) -> Distribution:
    """Full resolution: opening-hours seconds from creation to the last solve."""
    return distribution(_final_solves(scope), number("business_seconds"), scope)


def sla_first_response(scope: Scope, *, priority: str = "") -> Share:
    rows = scope.events(Kind.FIRST_PUBLIC_RESPONSE).filter(data__within__isnull=False)
    if priority:
        rows = rows.filter(data__priority=priority)
    return share(rows, Q(data__within=True), scope)


def sla_resolution(scope: Scope, *, priority: str = "") -> Share:
    rows = _final_solves(scope).filter(data__within__isnull=False)
    if priority:
        rows = rows.filter(data__priority=priority)
    return share(rows, Q(data__within=True), scope)


def _by_priority(rows: QuerySet[Event]) -> dict[str, tuple[int, int]]:
    grouped = (
        rows.filter(data__within__isnull=False)
        .annotate(group=text("priority"))
        .values("group")
        .annotate(part=Count("id", filter=Q(data__within=True)), whole=Count("id"))
        .order_by()
    )
    return {r["group"]: (r["part"], r["whole"]) for r in grouped}


def sla_by_priority(scope: Scope) -> dict[str, dict[str, tuple[int, int]]]:
    """SLA compliance per priority (each policy is chosen by topic and priority), in total:
    ``{"first_response": {priority: (met, of)}, "resolution": {...}}``; two queries."""
    return {
        "first_response": _by_priority(scope.events(Kind.FIRST_PUBLIC_RESPONSE)),
        "resolution": _by_priority(_final_solves(scope)),
    }


def chat_wait_time(scope: Scope) -> Distribution:
    """Seconds a chat waited in the queue before an agent first took it."""
    rows = scope.events(Kind.ACCEPTED).filter(data__first=True)
    return distribution(rows, number("wait_seconds"), scope)


def chat_handling_time(scope: Scope) -> Distribution:
    """Seconds from an agent first taking a chat to its end (transfers included)."""
    rows = scope.events(Kind.CLOSED).filter(conversation_id__isnull=False)
    return distribution(rows, number("handle_seconds"), scope)


def abandonment(scope: Scope) -> Share:
    """Chats that ended before any agent took them, over chats that ended the wait (taken
    for the first time, or abandoned) — a chat still waiting counts in neither."""
    rows = scope.events(Kind.ABANDONED, Kind.ACCEPTED, by_agent=False).filter(
        Q(kind=Kind.ABANDONED) | Q(data__first=True)
    )
    return share(rows, Q(kind=Kind.ABANDONED), scope)


@dataclass(frozen=True)
class Csat:
    average: Distribution
    satisfied: Share  # ratings of 4 or 5 over all ratings
    distribution: dict[int, int]  # score -> ratings in the range
    rated: int
    ratable: int  # requests solved for the last time and chats an agent closed, in the range

    @property
    def response_rate(self) -> float | None:
        return self.rated / self.ratable if self.ratable else None


def _final_ratings(scope: Scope) -> QuerySet[Event]:
    ratings = scope.events(Kind.RATED)
    tickets = _final(ratings.filter(ticket_id__isnull=False), Kind.RATED, "ticket_id")
    chats = _final(ratings.filter(conversation_id__isnull=False), Kind.RATED, "conversation_id")
    return tickets | chats


def csat(scope: Scope) -> Csat:
    """The last rating of each request or chat rated in the range (a changed rating replaces
    the earlier one)."""
    ratings = _final_ratings(scope)
    counts = {
        int(r["score"]): r["n"]
        for r in ratings.annotate(score=number("score"))
        .values("score")
        .annotate(n=Count("id"))
        .order_by()
    }
    ratable = (
        _final_solves(scope).count()
        + scope.events(Kind.CLOSED).filter(conversation_id__isnull=False).count()
    )
    return Csat(
        average=distribution(ratings, number("score"), scope),
        satisfied=share(ratings, Q(data__score__gte=SATISFIED), scope),
        distribution={score: counts.get(score, 0) for score in SCORES},
        rated=sum(counts.values()),
        ratable=ratable,
    )


def csat_summary(scope: Scope) -> Summary:
    """The count and average of ``csat``'s ratings alone (the live floor's "today")."""
    return summary(_final_ratings(scope), number("score"))


@dataclass(frozen=True)
class Volume:
    days: dict[dt.date, int] = field(default_factory=dict)
    total: int = 0
    by_topic: dict[int | None, int] = field(default_factory=dict)
    by_channel: dict[str, int] = field(default_factory=dict)
    by_language: dict[str, int] = field(default_factory=dict)


def volume(scope: Scope) -> Volume:
    """New requests and chats (``created`` rows), per day, topic, channel and language."""
    rows = scope.events(Kind.CREATED, by_agent=False)

    def by(expression: object) -> dict:
        grouped = rows.annotate(group=expression).values("group").annotate(n=Count("id"))
        return {r["group"]: r["n"] for r in grouped.order_by()}

    per_day = by(day())
    days = {d: per_day.get(d, 0) for d in scope.days}
    return Volume(
        days=days,
        total=sum(days.values()),
        by_topic=by(F("topic_id")),
        by_channel=by(F("channel")),
        by_language=by(F("language")),
    )


def volume_total(scope: Scope) -> int:
    """New requests and chats in the scope, one count (the live floor's "today")."""
    return scope.events(Kind.CREATED, by_agent=False).count()


@dataclass(frozen=True)
class Backlog:
    days: dict[dt.date, int]  # requests owed an answer at the end of each day

    @property
    def last(self) -> int:
        return list(self.days.values())[-1] if self.days else 0


def backlog(scope: Scope) -> Backlog:
    """Requests in new, open or waiting-for-customer status at the end of each day: the sum
    of the rows' ``backlog`` changes (+1 created or reopened, -1 solved, closed or merged)
    up to that moment. Two queries: before the range, and per day in it."""
    kinds = (
        Kind.CREATED,
        Kind.STATUS_CHANGED,
        Kind.SOLVED,
        Kind.REOPENED,
        Kind.CLOSED,
        Kind.MERGED,
    )
    base = Event.objects.filter(kind__in=kinds, ticket_id__isnull=False)
    if scope.topic_id is not None:
        base = base.filter(topic_id=scope.topic_id)
    if scope.channel:
        base = base.filter(channel=scope.channel)
    if scope.language:
        base = base.filter(language=scope.language)
    delta = number("backlog")
    before = int(base.filter(at__lt=scope.start).aggregate(n=Sum(delta))["n"] or 0)
    changes = {
        r["group"]: r["n"]
        for r in base.filter(at__gte=scope.start, at__lt=scope.end)
        .annotate(group=day())
        .values("group")
        .annotate(n=Sum(delta))
        .order_by()
    }
    days: dict[dt.date, int] = {}
    running = before
    for d in scope.days:
        running += int(changes.get(d) or 0)
        days[d] = running
    return Backlog(days)
