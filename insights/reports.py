"""A report: every metric of docs/metrics.md for a ``Scope``, as tables. The page, its charts,
its cards and the CSV export all read these same tables, so they cannot disagree (a card is a
table's total row; a chart plots a table's column; the CSV is the table).

Durations are shown in minutes and rates in percent, both to one decimal, everywhere."""

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from chat.models import Conversation
from chat.serialize import display_name
from core.models import Topic
from faq.models import Article
from insights import metrics, selectors
from insights.metrics import Distribution, Scope, Share
from insights.metrics.base import _summaries, number, site_zone, text
from insights.metrics.figures import _final_ratings, _final_solves, sla_by_priority
from insights.models import Event
from tickets.models import SatisfactionRating

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
    wait, handling = metrics.chat_wait_time(scope), metrics.chat_handling_time(scope)
    abandoned = metrics.abandonment(scope)

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


def agents_table(scope: Scope) -> Table:
    """Per agent: first responses, final solves, chats ended, ratings (their medians)."""

    def grouped(rows: Any, value: Any) -> dict[int, Any]:
        found = _summaries(rows.annotate(group=text("agent")), value)
        return {int(agent): s for agent, s in found.items() if agent not in (None, "", "null")}

    first = grouped(scope.events(Kind.FIRST_PUBLIC_RESPONSE), number("business_seconds"))
    solved = grouped(_final_solves(scope), number("business_seconds"))
    chats = grouped(
        scope.events(Kind.CLOSED).filter(conversation_id__isnull=False), number("handle_seconds")
    )
    ratings = grouped(_final_ratings(scope), number("score"))
    ids = set(first) | set(solved) | set(chats) | set(ratings)
    users = {u.pk: u for u in get_user_model().objects.filter(pk__in=ids)}
    empty = metrics.base.Summary()
    rows = []
    for agent_id in sorted(ids, key=lambda pk: display_name(users[pk]) if pk in users else ""):
        f, s = first.get(agent_id, empty), solved.get(agent_id, empty)
        c, r = chats.get(agent_id, empty), ratings.get(agent_id, empty)
        name = display_name(users[agent_id]) if agent_id in users else _("(removed)")
        rows.append(
            {
                "agent": str(name),
                "agent_id": agent_id,
                "first_responses": f.count,
                "first_response_median": minutes(f.median),
                "solved": s.count,
                "resolution_median": minutes(s.median),
                "chats": c.count,
                "handle_median": minutes(c.median),
                "ratings": r.count,
                "csat": r.average,
            }
        )
    columns = [
        ("agent", _("Agent")),
        ("first_responses", _("First responses")),
        ("first_response_median", _("First response, median (min)")),
        ("solved", _("Solved")),
        ("resolution_median", _("Resolution, median (min)")),
        ("chats", _("Chats ended")),
        ("handle_median", _("Handling, median (min)")),
        ("ratings", _("Ratings")),
        ("csat", _("Average rating")),
    ]
    return Table("agents", _("Agents"), columns, rows)


def searches_table(scope: Scope) -> Table:
    found = selectors.searches_without_results(
        start=scope.start, end=scope.end, language=scope.language
    )
    return Table(
        "searches",
        _("Top searches without results"),
        [("query", _("Search words")), ("count", _("Searches"))],
        [{"query": q, "count": n} for q, n in found],
    )


def articles_table(scope: Scope, language: str) -> Table:
    found = selectors.most_deflecting_articles(start=scope.start, end=scope.end)
    titles = {a.pk: a for a in Article.objects.filter(pk__in=[f.article_id for f in found])}
    rows = []
    for item in found:
        article = titles.get(item.article_id)
        title = (
            (article.title_en if language == "en" else article.title_zh_hans) if article else "—"
        )
        rows.append({"article": title, "readings": item.readings, "deflected": item.deflected})
    return Table(
        "articles",
        _("Most deflecting articles"),
        [
            ("article", _("Article")),
            ("readings", _("Read after being offered")),
            ("deflected", _("Then asked nothing within 24 h")),
        ],
        rows,
    )


def comments_table(scope: Scope) -> Table:
    """The latest rating comments in the range (from the ratings themselves: erased with the
    customer, unlike the figures)."""
    tickets = (
        SatisfactionRating.objects.filter(updated_at__gte=scope.start, updated_at__lt=scope.end)
        .exclude(comment="")
        .select_related("ticket")
    )
    chats = Conversation.objects.filter(rated_at__gte=scope.start, rated_at__lt=scope.end).exclude(
        rating_comment=""
    )
    if scope.agent_id is not None:
        tickets = tickets.filter(ticket__assignee_id=scope.agent_id)
        chats = chats.filter(agent_id=scope.agent_id)
    if scope.topic_id is not None:
        tickets = tickets.filter(ticket__category_id=scope.topic_id)
        chats = chats.filter(topic_id=scope.topic_id)
    if scope.language:
        tickets = tickets.filter(ticket__language=scope.language)
        chats = chats.filter(language=scope.language)
    zone = site_zone()
    rows = [
        {
            "when": r.updated_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
            "what": r.ticket.reference,
            "score": r.score,
            "comment": r.comment,
        }
        for r in tickets.order_by("-updated_at")[:COMMENTS_SHOWN]
    ] + [
        {
            "when": c.rated_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
            "what": f"chat {c.pk}",
            "score": c.rating_score,
            "comment": c.rating_comment,
        }
        for c in chats.order_by("-rated_at")[:COMMENTS_SHOWN]
    ]
    rows.sort(key=lambda row: row["when"], reverse=True)
    return Table(
        "comments",
        _("Rating comments"),
        [
            ("when", _("When")),
            ("what", _("Request or chat")),
            ("score", _("Score")),
            ("comment", _("Comment")),
        ],
        rows[:COMMENTS_SHOWN],
    )


# The cards above the tables: (table, column, label, unit). Each shows its table's total.
CARDS = (
    ("volume", "created", _("New requests and chats"), ""),
    ("first-response", "median", _("First response, median"), _("min")),
    ("resolution", "median", _("Full resolution, median"), _("min")),
    ("sla", "fr_rate", _("First response in time"), "%"),
    ("chat", "wait_median", _("Chat wait, median"), _("min")),
    ("chat", "abandon_rate", _("Chats abandoned"), "%"),
    ("csat", "average", _("Satisfaction, out of 5"), ""),
    ("deflection", "rate", _("Deflection rate"), "%"),
)


@dataclass(frozen=True)
class Card:
    table: str
    key: str
    label: Any
    unit: Any
    value: Any


@dataclass
class Report:
    scope: Scope
    tables: list[Table]

    def table(self, slug: str) -> Table:
        return next(t for t in self.tables if t.slug == slug)

    @property
    def cards(self) -> list[Card]:
        slugs = {t.slug for t in self.tables}
        return [
            Card(slug, key, label, unit, self.table(slug).cell(key))
            for slug, key, label, unit in CARDS
            if slug in slugs
        ]


def report_build(scope: Scope, *, language: str, team_wide: bool) -> Report:
    """Every table; ``team_wide=False`` (an agent's own report) keeps the figures that belong
    to an agent, with ``scope.agent_id`` set to them."""
    first = _duration_table(
        "first-response",
        _("First response time"),
        scope,
        metrics.first_response_time(scope),
        _("From the request's creation to the first public agent reply, in opening hours."),
    )
    resolution = _duration_table(
        "resolution",
        _("Full resolution time"),
        scope,
        metrics.resolution_time(scope),
        _("From creation to the last solve, in opening hours; reopened requests count once."),
    )
    csat_daily, csat_scores, _result = csat_table(scope)
    tables = [
        first,
        resolution,
        sla_table(scope),
        sla_by_priority_table(scope),
        chat_table(scope),
        csat_daily,
        csat_scores,
        agents_table(scope),
        comments_table(scope),
    ]
    if team_wide:
        volume = volume_table(scope)
        tables[:0] = [volume]
        tables += [
            *breakdown_tables(volume.extra),
            deflection_table(scope),
            searches_table(scope),
            articles_table(scope, language),
        ]
    return Report(scope, tables)
