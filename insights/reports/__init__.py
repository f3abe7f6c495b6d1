"""A report: every metric of docs/metrics.md for a ``Scope``, as tables. The page, its charts,
its cards and the CSV export all read these same tables, so they cannot disagree (a card is a
table's total row; a chart plots a table's column; the CSV is the table).

Durations are shown in minutes and rates in percent, both to one decimal, everywhere."""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from insights import metrics
from insights.metrics import Scope
from insights.reports.lists import agents_table, articles_table, comments_table, searches_table
from insights.reports.tables import (
    Table,
    _duration_table,
    breakdown_tables,
    chat_table,
    csat_table,
    deflection_table,
    sla_by_priority_table,
    sla_table,
    volume_table,
)

__all__ = [
    "Report",
    "Table",
    "_duration_table",
    "agents_table",
    "articles_table",
    "chat_table",
    "comments_table",
    "csat_table",
    "deflection_table",
    "metrics",
    "report_build",
    "searches_table",
    "sla_by_priority_table",
    "sla_table",
    "volume_table",
]


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
