"""Writes to the event log. The only way rows get into ``insights.Event``; nothing updates or
deletes them."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from core.new_rows import new_row
from insights.models import QUERY_MAX_CHARS, VISITOR_MAX_CHARS, Event

# Enough for the ids of a page of suggestions and a few durations; a row is not a document.
DATA_MAX_KEYS = 8
DATA_MAX_LIST = 10


@dataclass(frozen=True)
class EventRow:
    """One event to record (see ``event_record`` for the fields)."""

    kind: str
    visitor: str = ""
    at: datetime | None = None
    ticket_id: int | None = None
    conversation_id: int | None = None
    article_id: int | None = None
    topic_id: int | None = None
    channel: str = ""
    language: str = ""
    query: str = ""
    data: dict[str, Any] = field(default_factory=dict)


def _small(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with at most DATA_MAX_KEYS keys and lists cut to DATA_MAX_LIST items."""
    return {
        str(key): value[:DATA_MAX_LIST] if isinstance(value, list) else value
        for key, value in list(data.items())[:DATA_MAX_KEYS]
    }


def event_build(*, row: EventRow) -> Event:
    """The unsaved row for ``row`` (same rules as ``event_record``), for a caller that inserts
    it together with its own rows (a new request's one statement, tickets.signals)."""
    return _build(row, timezone.now())


def _build(row: EventRow, now: datetime) -> Event:
    Event.Kind(row.kind)  # an unknown kind is a programming error: ValueError here
    query = " ".join(row.query.split())[:QUERY_MAX_CHARS]
    return new_row(
        Event,
        kind=row.kind,
        at=row.at or now,
        visitor=row.visitor[:VISITOR_MAX_CHARS],
        ticket_id=row.ticket_id,
        conversation_id=row.conversation_id,
        article_id=row.article_id,
        topic_id=row.topic_id,
        channel=row.channel,
        language=row.language[:8],
        # Search words are kept for searches that found nothing (what the FAQ lacks), only.
        query=query if row.kind == Event.Kind.SEARCH_WITHOUT_RESULTS else "",
        data=_small(row.data),
    )


@transaction.atomic
def event_record(
    *,
    kind: str,
    visitor: str = "",
    at: datetime | None = None,
    ticket_id: int | None = None,
    conversation_id: int | None = None,
    article_id: int | None = None,
    topic_id: int | None = None,
    channel: str = "",
    language: str = "",
    query: str = "",
    data: dict[str, Any] | None = None,
) -> Event:
    """Append one event (``at`` defaults to now). ``query`` is kept, whitespace-collapsed and
    cut to QUERY_MAX_CHARS, only for searches without results; ``data`` is cut to a few keys.
    Called inside the caller's transaction, the row commits or rolls back with its change."""
    row = EventRow(
        kind=kind,
        visitor=visitor,
        at=at,
        ticket_id=ticket_id,
        conversation_id=conversation_id,
        article_id=article_id,
        topic_id=topic_id,
        channel=channel,
        language=language,
        query=query,
        data=data or {},
    )
    event = _rating_order(_build(row, timezone.now()))
    event.save(force_insert=True)
    return event


def _rating_order(event: Event) -> Event:
    """A changed rating carries ``first: false`` (its request or chat had a rating before;
    one look-up; a first rating carries nothing). "The last rating" is then a rating with no
    later ``first = false`` rating of the same request or chat, an anti-join against the few
    changed ratings instead of all of them (docs/metrics.md, Performance). Rows of a request or chat
    are written in time order (the lifecycle writes them at the change)."""
    if event.kind != Event.Kind.RATED or "first" in event.data:
        return event
    if event.ticket_id is not None:
        earlier = Event.objects.filter(kind=Event.Kind.RATED, ticket_id=event.ticket_id)
    elif event.conversation_id is not None:
        earlier = Event.objects.filter(kind=Event.Kind.RATED, conversation_id=event.conversation_id)
    else:
        return event
    if earlier.filter(at__lte=event.at).exists():
        event.data = {**event.data, "first": False}
    return event


@transaction.atomic
def events_record_many(*, events: Sequence[EventRow]) -> list[Event]:
    """Append several events in one INSERT, with the same rules as ``event_record``."""
    now = timezone.now()
    return Event.objects.bulk_create([_rating_order(_build(row, now)) for row in events])
