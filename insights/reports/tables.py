"""The per-day tables of a report: one per metric, each with its total row."""

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from core.models import Topic
from insights import metrics, selectors
from insights.metrics import Distribution, Scope, Share
from insights.metrics.base import site_zone
from insights.metrics.figures import sla_by_priority
from insights.models import Event

Kind = Event.Kind
TOTAL_LABEL = _("Total")
COMMENTS_SHOWN = 50


def minutes(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / 60, 1)


def percent(rate: float | None) -> float | None:
    return None if rate is None else round(rate * 100, 1)


@dataclass
class Table:
    slug: str
    title: Any
    columns: list[tuple[str, Any]]  # (key, label)
    rows: list[dict[str, Any]]
    total: dict[str, Any] | None = None  # the total row (its first cell says "Total")
    chart: list[str] = field(default_factory=list)  # columns plotted per day
    note: Any = ""
    extra: Any = None  # the metric's own result, where other tables reuse it

    def cell(self, key: str) -> Any:
        """The total of column ``key`` (what the metric's card shows)."""
        return None if self.total is None else self.total.get(key)

    def series(self, key: str) -> list[Any]:
        """Column ``key`` per row (a chart's values)."""
        return [row.get(key) for row in self.rows]


def _daily(
    slug: str,
    title: Any,
    scope: Scope,
    columns: list,
    values: dict,
    total: dict,
    chart: list[str],
    note: Any = "",
) -> Table:
    rows = [{"day": day.isoformat(), **values[day]} for day in scope.days]
    return Table(
        slug, title, [("day", _("Day")), *columns], rows, {"day": TOTAL_LABEL, **total}, chart, note
    )


def _duration_columns() -> list:
    return [
        ("count", _("Count")),
        ("median", _("Median (min)")),
        ("p90", _("90th percentile (min)")),
        ("average", _("Average (min)")),
    ]


def _duration_cells(summary: Any) -> dict[str, Any]:
    return {
        "count": summary.count,
        "median": minutes(summary.median),
        "p90": minutes(summary.p90),
        "average": minutes(summary.average),
    }


def _duration_table(slug: str, title: Any, scope: Scope, result: Distribution, note: Any) -> Table:
    return _daily(
        slug,
        title,
        scope,
        _duration_columns(),
        {day: _duration_cells(s) for day, s in result.days.items()},
        _duration_cells(result.total),
        ["median", "p90"],
        note,
    )


def _share_cells(part_whole: tuple[int, int], prefix: str) -> dict[str, Any]:
    part, whole = part_whole
    return {
        f"{prefix}_met": part,
        f"{prefix}_of": whole,
        f"{prefix}_rate": percent(Share.rate_of(part, whole)),
    }


def sla_table(scope: Scope) -> Table:
    first, resolution = metrics.sla_first_response(scope), metrics.sla_resolution(scope)
    values = {
        day: _share_cells(first.days[day], "fr") | _share_cells(resolution.days[day], "res")
        for day in scope.days
    }
    total = _share_cells(first.total, "fr") | _share_cells(resolution.total, "res")
    columns = [
        ("fr_rate", _("First response in time (%)")),
        ("fr_met", _("In time")),
        ("fr_of", _("First responses")),
        ("res_rate", _("Resolved in time (%)")),
        ("res_met", _("In time")),
        ("res_of", _("Resolutions with a target")),
    ]
    note = _("Targets come from the SLA policy of each request's topic and priority.")
    return _daily(
        "sla", _("SLA compliance"), scope, columns, values, total, ["fr_rate", "res_rate"], note
    )


def sla_by_priority_table(scope: Scope) -> Table:
    found = sla_by_priority(scope)
    rows = []
    for priority, label in Topic.Priority.choices:
        first = found["first_response"].get(priority, (0, 0))
        resolution = found["resolution"].get(priority, (0, 0))
        rows.append(
            {"priority": str(label)} | _share_cells(first, "fr") | _share_cells(resolution, "res")
        )
    columns = [
        ("priority", _("Priority")),
        ("fr_rate", _("First response in time (%)")),
        ("fr_of", _("First responses")),
        ("res_rate", _("Resolved in time (%)")),
        ("res_of", _("Resolutions with a target")),
    ]
    return Table("sla-priority", _("SLA compliance by priority"), columns, rows)


def volume_table(scope: Scope) -> Table:
    volume, backlog = metrics.volume(scope), metrics.backlog(scope)
    values = {
        day: {"created": volume.days[day], "backlog": backlog.days[day]} for day in scope.days
    }
    total = {"created": volume.total, "backlog": backlog.last}
    columns = [("created", _("New requests and chats")), ("backlog", _("Backlog at day's end"))]
    note = _("The backlog total is the backlog at the end of the last day.")
    table = _daily(
        "volume",
        _("Volume and backlog"),
        scope,
        columns,
        values,
        total,
        ["created", "backlog"],
        note,
    )
    table.extra = volume  # the breakdowns below reuse the same counts
    return table


def breakdown_tables(volume: metrics.Volume) -> list[Table]:
    topics = dict(
        Topic.objects.filter(pk__in=[t for t in volume.by_topic if t]).values_list("pk", "slug")
    )
    by_topic = [
        {"name": topics.get(t, "—"), "count": n}
        for t, n in sorted(volume.by_topic.items(), key=lambda kv: -kv[1])
    ]
    by_channel = [
        {"name": str(Event.Channel(c).label) if c else "—", "count": n}
        for c, n in sorted(volume.by_channel.items(), key=lambda kv: -kv[1])
    ]
    by_language = [
        {"name": lang or "—", "count": n}
        for lang, n in sorted(volume.by_language.items(), key=lambda kv: -kv[1])
    ]
    columns = [("name", _("Name")), ("count", _("New requests and chats"))]
    return [
        Table("by-topic", _("Volume by topic"), [("name", _("Topic")), columns[1]], by_topic),
        Table(
            "by-channel", _("Volume by channel"), [("name", _("Channel")), columns[1]], by_channel
        ),
        Table(
            "by-language",
            _("Volume by language"),
            [("name", _("Language")), columns[1]],
            by_language,
        ),
    ]


def chat_table(scope: Scope) -> Table:
    figures = metrics.chat(scope)
    wait, handling, abandoned = figures.wait, figures.handling, figures.abandonment

    def cells(w: Any, h: Any, a: tuple[int, int]) -> dict[str, Any]:
        return {
            "taken": w.count,
            "wait_median": minutes(w.median),
            "wait_p90": minutes(w.p90),
            "abandoned": a[0],
            "abandon_rate": percent(Share.rate_of(*a)),
            "handled": h.count,
            "handle_median": minutes(h.median),
        }

    values = {d: cells(wait.days[d], handling.days[d], abandoned.days[d]) for d in scope.days}
    columns = [
        ("taken", _("Chats taken")),
        ("wait_median", _("Wait, median (min)")),
        ("wait_p90", _("Wait, 90th percentile (min)")),
        ("abandoned", _("Abandoned")),
        ("abandon_rate", _("Abandonment (%)")),
        ("handled", _("Chats ended by agents or customers")),
        ("handle_median", _("Handling, median (min)")),
    ]
    return _daily(
        "chat",
        _("Live chat"),
        scope,
        columns,
        values,
        cells(wait.total, handling.total, abandoned.total),
        ["wait_median", "abandon_rate"],
    )


def csat_table(scope: Scope) -> tuple[Table, Table, metrics.Csat]:
    result = metrics.csat(scope)

    def cells(summary: Any, satisfied: tuple[int, int]) -> dict[str, Any]:
        return {
            "ratings": summary.count,
            "average": None if summary.average is None else round(summary.average, 2),
            "satisfied": percent(Share.rate_of(*satisfied)),
        }

    values = {d: cells(result.average.days[d], result.satisfied.days[d]) for d in scope.days}
    total = cells(result.average.total, result.satisfied.total)
    columns = [
        ("ratings", _("Ratings")),
        ("average", _("Average (1–5)")),
        ("satisfied", _("Satisfied, 4 or 5 (%)")),
    ]
    note = _("Response rate: %(rated)s ratings for %(ratable)s solved requests and ended chats.")
    daily = _daily(
        "csat",
        _("Customer satisfaction"),
        scope,
        columns,
        values,
        total,
        ["average"],
        note % {"rated": result.rated, "ratable": result.ratable},
    )
    distribution = Table(
        "csat-scores",
        _("Ratings by score"),
        [("score", _("Score")), ("count", _("Ratings"))],
        [{"score": score, "count": n} for score, n in result.distribution.items()],
    )
    return daily, distribution, result


def deflection_table(scope: Scope) -> Table:
    by_day = selectors.deflection_by_day(start=scope.start, end=scope.end, zone=site_zone())
    total = selectors.deflection_rate(start=scope.start, end=scope.end)

    def cells(d: selectors.Deflection | None) -> dict[str, Any]:
        d = d or selectors.Deflection(0, 0, 0)
        return {"seen": d.seen, "deflected": d.deflected, "rate": percent(d.rate)}

    columns = [
        ("seen", _("Visitors who read an offered article")),
        ("deflected", _("Then asked nothing within 24 h")),
        ("rate", _("Deflection rate (%)")),
    ]
    note = _("A visitor counts once per day and once in the total.")
    return _daily(
        "deflection",
        _("Self-service deflection"),
        scope,
        columns,
        {d: cells(by_day.get(d)) for d in scope.days},
        cells(total),
        ["rate"],
        note,
    )
