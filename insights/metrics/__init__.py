"""The service metrics of docs/metrics.md, read from the event log and aggregated in the
database (one grouped query per figure; no loop over rows). Every function takes a ``Scope``
(a date range in the site's time zone and the report's filters) and returns the figure per day
and in total, so a card, a table, a chart and a CSV all show the same numbers."""

from insights.metrics.base import Distribution, Scope, Share, Summary
from insights.metrics.figures import (
    Backlog,
    Chat,
    Csat,
    Volume,
    abandonment,
    backlog,
    chat,
    chat_handling_time,
    chat_wait_time,
    csat,
    csat_summary,
    first_response_summary,
    first_response_time,
    resolution_time,
    sla_first_response,
    sla_resolution,
    volume,
    volume_total,
)

__all__ = [
    "Backlog",
    "Chat",
    "Csat",
    "Distribution",
    "Scope",
    "Share",
    "Summary",
    "Volume",
    "abandonment",
    "backlog",
    "chat",
    "chat_handling_time",
    "chat_wait_time",
    "csat",
    "csat_summary",
    "first_response_summary",
    "first_response_time",
    "resolution_time",
    "sla_first_response",
    "sla_resolution",
    "volume",
    "volume_total",
]
