"""What every metric shares: the scope (range and filters), the day of a row in the site's
time zone, numbers read from ``Event.data``, and the distribution (count, average, median,
90th percentile) computed in the database.

Percentiles are ``percentile_cont`` (linear interpolation between the two nearest values) on
PostgreSQL. SQLite has no percentile function: there the same interpolation is written with
window functions over the same rows (``ROW_NUMBER``/``COUNT`` per group), so both databases
give the same numbers (docs/metrics.md, Medians and percentiles)."""

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
from django.db.models import (
    Aggregate,
    Avg,
    Count,
    F,
    FloatField,
    QuerySet,
    Value,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, TruncDate

from insights.models import Event

TOTAL = "total"
DAY_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}")
PERCENTILES = (0.5, 0.9)


def site_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


@dataclass(frozen=True)
class Scope:
    """Days ``first``..``last`` (both included) in the site's time zone, and the filters.
    A team (``team_members``, ``team_topics``, read by the report's form) narrows figures that
    belong to an agent to its members, and the others to its topics when it has any."""

    first: dt.date
    last: dt.date
    topic_id: int | None = None
    channel: str = ""
    language: str = ""
    agent_id: int | None = None
    team_id: int | None = None
    team_members: tuple[int, ...] = ()
    team_topics: tuple[int, ...] = ()

    @property
    def start(self) -> dt.datetime:
        return dt.datetime.combine(self.first, dt.time(), tzinfo=site_zone())

    @property
    def end(self) -> dt.datetime:
        return dt.datetime.combine(self.last + dt.timedelta(days=1), dt.time(), tzinfo=site_zone())

    @property
    def days(self) -> list[dt.date]:
        return [self.first + dt.timedelta(days=n) for n in range((self.last - self.first).days + 1)]

    def events(self, *kinds: str, by_agent: bool = True) -> QuerySet[Event]:
        """Rows of ``kinds`` in the range and the filters (``by_agent=False``: figures that
        belong to no agent ignore the agent filter)."""
        rows = Event.objects.filter(kind__in=kinds, at__gte=self.start, at__lt=self.end)
        if self.topic_id is not None:
            rows = rows.filter(topic_id=self.topic_id)
        if self.channel:
            rows = rows.filter(channel=self.channel)
        if self.language:
            rows = rows.filter(language=self.language)
        if by_agent and self.agent_id is not None:
            rows = rows.filter(agent=self.agent_id)
        if self.team_id is not None and by_agent:
            rows = rows.filter(agent__in=list(self.team_members))
        elif self.team_id is not None and self.team_topics:
            rows = rows.filter(topic_id__in=list(self.team_topics))
        return rows


def day() -> TruncDate:
    """A row's day in the site's time zone."""
    return TruncDate("at", tzinfo=site_zone())


def figure() -> F:
    """The row's main figure (``Event.value``: the seconds of a first response, a solve, a
    wait or a chat, the score of a rating), a typed column read from the covering index."""
    return F("value")


def number(key: str) -> Cast:
    """``data[key]`` as a number."""
    return Cast(KT(f"data__{key}"), FloatField())


def text(key: str) -> KT:
    return KT(f"data__{key}")


def _round(value: float | None) -> float | None:
    """Seconds and scores to three decimals: the databases' float sums differ beyond that."""
    return None if value is None else round(value, 3)


@dataclass(frozen=True)
class Summary:
    count: int = 0
    average: float | None = None
    median: float | None = None
    p90: float | None = None

    def __post_init__(self) -> None:
        for name in ("average", "median", "p90"):
            object.__setattr__(self, name, _round(getattr(self, name)))


@dataclass(frozen=True)
class Distribution:
    """A duration metric in seconds: per day (every day of the scope) and in total."""

    days: dict[dt.date, Summary] = field(default_factory=dict)
    total: Summary = Summary()


@dataclass(frozen=True)
class Share:
    """How many of ``of`` met a condition: per day and in total; ``rate`` 0..1 or None."""

    days: dict[dt.date, tuple[int, int]] = field(default_factory=dict)
    total: tuple[int, int] = (0, 0)

    @staticmethod
    def rate_of(part: int, whole: int) -> float | None:
        return part / whole if whole else None

    @property
    def rate(self) -> float | None:
        return self.rate_of(*self.total)


class Percentile(Aggregate):
    """PostgreSQL's ``percentile_cont(p) WITHIN GROUP (ORDER BY value)``."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression: Any, fraction: float, **extra: Any) -> None:
        super().__init__(expression, fraction=float(fraction), **extra)


def _summaries(rows: QuerySet[Event], value: Any) -> dict[Any, Summary]:
    """Count, average, median and p90 of ``value`` per ``group`` (annotated on ``rows``)."""
    grouped = rows.annotate(v=value).exclude(v=None).values("group")
    if connection.vendor == "postgresql":
        result = grouped.annotate(
            n=Count("id"),
            avg=Avg("v"),
            p50=Percentile(F("v"), 0.5),
            p90=Percentile(F("v"), 0.9),
        ).order_by()
        return {r["group"]: Summary(r["n"], r["avg"], r["p50"], r["p90"]) for r in result}
    counted = {r["group"]: r for r in grouped.annotate(n=Count("id"), avg=Avg("v")).order_by()}
    percentiles = _window_percentiles(rows.annotate(v=value).exclude(v=None))
    return {
        group: Summary(
            r["n"], r["avg"], percentiles.get((group, 0.5)), percentiles.get((group, 0.9))
        )
        for group, r in counted.items()
    }


def _window_percentiles(rows: QuerySet[Event]) -> dict[tuple[Any, float], float]:
    """The SQLite fallback: ``percentile_cont`` written with window functions, one query."""
    sql, params = rows.values("group", "v").order_by().query.sql_with_params()
    position = "p.p * (r.n - 1)"
    low = f"CAST({position} AS INTEGER)"
    query = f"""
        WITH r AS (
            SELECT "group" AS g, v,
                   ROW_NUMBER() OVER (PARTITION BY "group" ORDER BY v) - 1 AS i,
                   COUNT(*) OVER (PARTITION BY "group") AS n
            FROM ({sql}) AS rows
        ), p AS (SELECT 0.5 AS p UNION ALL SELECT 0.9)
        SELECT r.g, p.p,
               MAX(CASE WHEN r.i = {low} THEN r.v END)
               + ({position} - {low}) * (
                   COALESCE(MAX(CASE WHEN r.i = {low} + 1 THEN r.v END),
                            MAX(CASE WHEN r.i = {low} THEN r.v END))
                   - MAX(CASE WHEN r.i = {low} THEN r.v END))
        FROM r CROSS JOIN p
        GROUP BY r.g, p.p
    """  # noqa: S608 - Django's compiled SQL and fixed names; values are parameters
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        found = cursor.fetchall()
    return {(_as_group(g), round(p, 1)): v for g, p, v in found}


def _as_group(value: Any) -> Any:
    """Raw SQL gives SQLite's text for a day: the date again (``total`` stays itself)."""
    if isinstance(value, str) and DAY_TEXT.fullmatch(value):
        return dt.date.fromisoformat(value)
    return value


def summary(rows: QuerySet[Event], value: Any) -> Summary:
    """``value``'s summary over all ``rows`` (no days): one query, two on SQLite."""
    return _summaries(rows.annotate(group=Value(TOTAL)), value).get(TOTAL, Summary())


def distribution(rows: QuerySet[Event], value: Any, scope: Scope) -> Distribution:
    """``value``'s summary per day of ``scope`` (days without rows: count 0) and in total."""
    per_day = _summaries(rows.annotate(group=day()), value)
    total = summary(rows, value)
    return Distribution({d: per_day.get(d, Summary()) for d in scope.days}, total)


def share(rows: QuerySet[Event], met: Any, scope: Scope) -> Share:
    """How many ``rows`` meet the ``met`` condition (a Q), per day and in total, one query."""
    result = (
        rows.annotate(group=day())
        .values("group")
        .annotate(part=Count("id", filter=met), whole=Count("id"))
        .order_by()
    )
    per_day = {r["group"]: (r["part"], r["whole"]) for r in result}
    days = {d: per_day.get(d, (0, 0)) for d in scope.days}
    total = (sum(p for p, _w in days.values()), sum(w for _p, w in days.values()))
    return Share(days, total)


def distributions_by(rows: QuerySet[Event], key: Any, value: Any, scope: Scope) -> dict:
    """PostgreSQL only: for each ``key`` (e.g. the kind), ``value``'s summary per day and in
    total, and how many rows there were (``value`` or not) per day and in total, in ONE scan
    (``GROUPING SETS``): ``{key: (Distribution, {day: rows}, rows)}``."""
    inner = rows.annotate(k=key, d=day(), v=value).values("k", "d", "v").order_by()
    sql, params = inner.query.sql_with_params()
    query = f"""
        SELECT k, d, COUNT(*), COUNT(v), AVG(v),
               PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY v),
               PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY v)
        FROM ({sql}) AS rows
        GROUP BY GROUPING SETS ((k, d), (k))
    """  # noqa: S608 - Django's compiled SQL; values are parameters
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        found = cursor.fetchall()
    result: dict[Any, tuple[dict, dict, list]] = {}
    for k, d, rows_n, n, avg, p50, p90 in found:
        days, counts, total = result.setdefault(k, ({}, {}, [Summary(), 0]))
        summary_ = Summary(n, avg, p50, p90) if n else Summary()
        if d is None:
            total[:] = [summary_, rows_n]
        else:
            days[d], counts[d] = summary_, rows_n
    return {
        k: (
            Distribution({d: days.get(d, Summary()) for d in scope.days}, total[0]),
            {d: counts.get(d, 0) for d in scope.days},
            total[1],
        )
        for k, (days, counts, total) in result.items()
    }
