"""Each metric of docs/metrics.md as one function of a ``Scope``: which rows, which number."""

import datetime as dt
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
)

from insights import rollup
from insights.metrics.base import (
    Distribution,
    Scope,
    Share,
    Summary,
    day,
    distribution,
    distributions_by,
    figure,
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
    last solve of a request reopened since, the last rating of one rated twice (a later
    rating is never its request's first: only those are looked at, on a small index)."""
    later = Event.objects.filter(kind=later_kind, at__gt=OuterRef("at"), **{key: OuterRef(key)})
    if later_kind == Kind.RATED:
        later = later.filter(first=False)
    return rows.exclude(Exists(later))


def _final_solves(scope: Scope) -> QuerySet[Event]:
    return _final(scope.events(Kind.SOLVED), Kind.REOPENED, "ticket_id")


def first_response_time(scope: Scope) -> Distribution:
    """Opening-hours seconds from a request's creation to the first public agent reply."""
    rows = scope.events(Kind.FIRST_PUBLIC_RESPONSE)
    return distribution(rows, figure(), scope)


def first_response_summary(scope: Scope) -> Summary:
    """``first_response_time``'s total alone (the live floor's "today")."""
    return summary(scope.events(Kind.FIRST_PUBLIC_RESPONSE), figure())


def resolution_time(scope: Scope) -> Distribution:
    """Full resolution: opening-hours seconds from creation to the last solve."""
    return distribution(_final_solves(scope), figure(), scope)


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
    rows = scope.events(Kind.ACCEPTED).filter(first=True)
    return distribution(rows, figure(), scope)


def chat_handling_time(scope: Scope) -> Distribution:
    """Seconds from an agent first taking a chat to its end (transfers included)."""
    rows = scope.events(Kind.CLOSED).filter(conversation_id__isnull=False)
    return distribution(rows, figure(), scope)


def abandonment(scope: Scope) -> Share:
    """Chats that ended before any agent took them, over chats that ended the wait (taken
    for the first time, or abandoned) — a chat still waiting counts in neither."""
    rows = scope.events(Kind.ABANDONED, Kind.ACCEPTED, by_agent=False).filter(
        Q(kind=Kind.ABANDONED) | Q(first=True)
    )
    return share(rows, Q(kind=Kind.ABANDONED), scope)


@dataclass(frozen=True)
class Chat:
    wait: Distribution
    handling: Distribution
    abandonment: Share


def chat(scope: Scope) -> Chat:
    """``chat_wait_time``, ``chat_handling_time`` and ``abandonment`` together. Without an
    agent or team filter on PostgreSQL: one scan of the three kinds (``distributions_by``)
    instead of five queries; otherwise the three functions (same rows, same numbers)."""
    if connection.vendor != "postgresql" or scope.agent_id is not None or scope.team_id:
        return Chat(chat_wait_time(scope), chat_handling_time(scope), abandonment(scope))
    rows = scope.events(Kind.ACCEPTED, Kind.CLOSED, Kind.ABANDONED, by_agent=False).filter(
        Q(kind=Kind.ACCEPTED, first=True)
        | Q(kind=Kind.CLOSED, conversation_id__isnull=False)
        | Q(kind=Kind.ABANDONED)
    )
    found = distributions_by(rows, F("kind"), figure(), scope)
    empty = (Distribution({d: Summary() for d in scope.days}), dict.fromkeys(scope.days, 0), 0)
    taken, closed = found.get(Kind.ACCEPTED, empty), found.get(Kind.CLOSED, empty)
    left = found.get(Kind.ABANDONED, empty)
    return Chat(
        wait=taken[0],
        handling=closed[0],
        abandonment=Share(
            {d: (left[1][d], left[1][d] + taken[1][d]) for d in scope.days},
            (left[2], left[2] + taken[2]),
        ),
    )


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


def final_ratings_parts(scope: Scope) -> tuple[QuerySet[Event], QuerySet[Event]]:
    """The last ratings of requests, and of chats: two querysets, so that each "no later
    rating" check is a plain anti-join (under an OR, PostgreSQL probes once per row)."""
    ratings = scope.events(Kind.RATED)
    tickets = _final(ratings.filter(ticket_id__isnull=False), Kind.RATED, "ticket_id")
    chats = _final(ratings.filter(conversation_id__isnull=False), Kind.RATED, "conversation_id")
    return tickets, chats


def _final_ratings(scope: Scope) -> QuerySet[Event]:
    tickets, chats = final_ratings_parts(scope)
    return tickets | chats


def _score_counts(scope: Scope) -> dict[tuple[dt.date, int], int]:
    """How many last ratings gave each score on each day: one grouped query (every CSAT
    figure is a sum over these at most 5 x days buckets, no percentile over the rows)."""
    counts: dict[tuple[dt.date, int], int] = {}
    for part in final_ratings_parts(scope):
        grouped = (
            part.annotate(group=day(), score=figure())
            .values("group", "score")
            .annotate(n=Count("id"))
            .order_by()
        )
        for r in grouped:
            if r["score"] is not None:
                key = (r["group"], int(r["score"]))
                counts[key] = counts.get(key, 0) + r["n"]
    return counts


def summary_of_counts(counts: dict[int, int]) -> Summary:
    """Count, average, median and 90th percentile of values given as ``{value: how many}``,
    with ``percentile_cont``'s interpolation (what ``distribution`` gives on the rows)."""
    ordered = sorted((value, n) for value, n in counts.items() if n)
    total = sum(n for _value, n in ordered)
    if not total:
        return Summary()

    def nth(index: int) -> float:
        seen = 0
        for value, n in ordered:
            seen += n
            if index < seen:
                return float(value)
        return float(ordered[-1][0])

    def percentile(fraction: float) -> float:
        position = fraction * (total - 1)
        low = int(position)
        return nth(low) + (position - low) * (nth(min(low + 1, total - 1)) - nth(low))

    average = sum(value * n for value, n in ordered) / total
    return Summary(total, average, percentile(0.5), percentile(0.9))


def csat(scope: Scope) -> Csat:
    """The last rating of each request or chat rated in the range (a changed rating replaces
    the earlier one). Three queries: the scores per day, and the two halves of the ratable."""
    counts = _score_counts(scope)
    by_day = {d: {score: counts.get((d, score), 0) for score in SCORES} for d in scope.days}
    by_score = {score: sum(by_day[d][score] for d in scope.days) for score in SCORES}

    def satisfied(found: dict[int, int]) -> tuple[int, int]:
        return sum(n for score, n in found.items() if score >= SATISFIED), sum(found.values())

    satisfied_days = {d: satisfied(by_day[d]) for d in scope.days}
    ratable = (
        _final_solves(scope).count()
        + scope.events(Kind.CLOSED).filter(conversation_id__isnull=False).count()
    )
    return Csat(
        average=Distribution(
            {d: summary_of_counts(by_day[d]) for d in scope.days}, summary_of_counts(by_score)
        ),
        satisfied=Share(satisfied_days, satisfied(by_score)),
        distribution=by_score,
        rated=sum(by_score.values()),
        ratable=ratable,
    )


def csat_summary(scope: Scope) -> Summary:
    """The count and average of ``csat``'s ratings alone (the live floor's "today")."""
    return summary(_final_ratings(scope), figure())


@dataclass(frozen=True)
class Volume:
    days: dict[dt.date, int] = field(default_factory=dict)
    total: int = 0
    by_topic: dict[int | None, int] = field(default_factory=dict)
    by_channel: dict[str, int] = field(default_factory=dict)
    by_language: dict[str, int] = field(default_factory=dict)


def _add(*found: dict) -> dict:
    total: dict = {}
    for counts in found:
        for key, n in counts.items():
            total[key] = total.get(key, 0) + int(n or 0)
    return total


def volume(scope: Scope) -> Volume:
    """New requests and chats (``created`` rows), per day, topic, channel and language: the
    daily rollup for the days it holds, the raw rows after them (``insights.rollup``)."""
    part = rollup.split(scope)
    rolled = (
        rollup.rolled_rows(scope, part.rolled, first=scope.first).filter(created__gt=0)
        if part.rolled is not None and part.rolled >= scope.first
        else None
    )
    if rolled is not None and scope.team_id is not None and scope.team_topics:
        rolled = rolled.filter(topic_id__in=list(scope.team_topics))
    raw = (
        scope.events(Kind.CREATED, by_agent=False).filter(at__gte=part.raw_from)
        if part.raw_from is not None
        else None
    )

    def by(raw_group: object, rolled_group: str) -> dict:
        found = []
        if rolled is not None:
            grouped = rolled.values(rolled_group).annotate(n=Sum("created")).order_by()
            found.append({r[rolled_group]: r["n"] for r in grouped})
        if raw is not None:
            grouped = raw.annotate(group=raw_group).values("group").annotate(n=Count("id"))
            found.append({r["group"]: r["n"] for r in grouped.order_by()})
        return _add(*found)

    per_day = by(day(), "day")
    days = {d: per_day.get(d, 0) for d in scope.days}
    return Volume(
        days=days,
        total=sum(days.values()),
        by_topic=by(F("topic_id"), "topic_id"),
        by_channel=by(F("channel"), "channel"),
        by_language=by(F("language"), "language"),
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
    up to that moment. The daily rollup answers for the days it holds (all history before
    the range, then per day), the raw rows for the days after them."""
    part = rollup.split(scope)
    base = Event.objects.filter(kind__in=rollup.BACKLOG_KINDS, ticket_id__isnull=False)
    if scope.topic_id is not None:
        base = base.filter(topic_id=scope.topic_id)
    if scope.channel:
        base = base.filter(channel=scope.channel)
    if scope.language:
        base = base.filter(language=scope.language)
    delta = number("backlog")
    changes: dict[dt.date, int] = {}
    before = 0
    if part.rolled is not None:
        rolled = rollup.rolled_rows(scope, part.rolled)
        before += int(rolled.filter(day__lt=scope.first).aggregate(n=Sum("backlog"))["n"] or 0)
        changes = _add(
            {
                r["day"]: r["n"]
                for r in rolled.filter(day__gte=scope.first)
                .values("day")
                .annotate(n=Sum("backlog"))
                .order_by()
            }
        )
        if part.through < scope.start:  # days between the rollup and the range: raw
            gap = base.filter(at__gte=part.through, at__lt=scope.start)
            before += int(gap.aggregate(n=Sum(delta))["n"] or 0)
    else:
        before = int(base.filter(at__lt=scope.start).aggregate(n=Sum(delta))["n"] or 0)
    if part.raw_from is not None:
        raw = {
            r["group"]: r["n"]
            for r in base.filter(at__gte=part.raw_from, at__lt=scope.end)
            .annotate(group=day())
            .values("group")
            .annotate(n=Sum(delta))
            .order_by()
        }
        changes = _add(changes, raw)
    days: dict[dt.date, int] = {}
    running = before
    for d in scope.days:
        running += int(changes.get(d) or 0)
        days[d] = running
    return Backlog(days)
