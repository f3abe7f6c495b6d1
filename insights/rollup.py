"""The daily rollup of volume and backlog (docs/metrics.md, Daily rollup).

Volume and backlog are sums, so whole past days can be added up once: ``DailyVolume`` holds,
per day in the site's time zone, topic, channel and language, the ``created`` rows and the sum
of the request rows' ``backlog`` changes. ``rollup_refresh`` (Celery beat, every 10 minutes)
rolls up every day that ended at least ``GRACE`` ago and rolls again any rolled day that got a
row since (an event dated in the past: imports, the demo). Reports read the rollup for the
days up to ``RollupState.rolled_through`` and the raw events after it (today, and yesterday
during its first minutes), so a figure is the same whether a day is rolled up or not
(tests/insights/test_rollup.py)."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Max, Q, QuerySet, Sum
from django.utils import timezone

from insights.metrics.base import Scope, day, number, site_zone
from insights.models import DailyVolume, Event, RollupState

Kind = Event.Kind
# The rows volume and backlog add up: new requests and chats, and every request row that
# may change the backlog.
BACKLOG_KINDS = (
    Kind.CREATED,
    Kind.STATUS_CHANGED,
    Kind.SOLVED,
    Kind.REOPENED,
    Kind.CLOSED,
    Kind.MERGED,
)
# A day is rolled up once it ended this long ago (transactions still writing its last rows
# have committed by then).
GRACE = dt.timedelta(minutes=15)


def _midnight(d: dt.date) -> dt.datetime:
    return dt.datetime.combine(d, dt.time(), tzinfo=site_zone())


def _grouped(rows: QuerySet[Event]) -> list[DailyVolume]:
    """``rows`` added up per day, topic, channel and language, in the database."""
    found = (
        rows.annotate(d=day())
        .values("d", "topic_id", "channel", "language")
        .annotate(
            n=Count("id", filter=Q(kind=Kind.CREATED)),
            change=Sum(number("backlog"), filter=Q(ticket_id__isnull=False)),
        )
        .order_by()
    )
    return [
        DailyVolume(
            day=r["d"],
            topic_id=r["topic_id"],
            channel=r["channel"],
            language=r["language"],
            created=r["n"],
            backlog=int(r["change"] or 0),
        )
        for r in found
    ]


@transaction.atomic
def rollup_refresh(*, now: dt.datetime | None = None) -> RollupState:
    """Roll up the days that ended (``GRACE`` ago) and are not rolled yet, and roll again
    rolled days that got rows since the last refresh. Idempotent; a few grouped queries."""
    now = now or timezone.now()
    state, _created = RollupState.objects.select_for_update().get_or_create(pk=1)
    through = (now - GRACE).astimezone(site_zone()).date() - dt.timedelta(days=1)
    newest = Event.objects.aggregate(n=Max("id"))["n"] or 0
    events = Event.objects.filter(kind__in=BACKLOG_KINDS)
    ranges = Q()
    if state.rolled_through is not None:
        late = (
            events.filter(
                pk__gt=state.last_event_id,
                pk__lte=newest,
                at__lt=_midnight(state.rolled_through + dt.timedelta(days=1)),
            )
            .annotate(d=day())
            .values_list("d", flat=True)
            .order_by()  # without it, Event's default ordering makes DISTINCT per row
            .distinct()
        )
        for d in sorted(set(late)):
            ranges |= Q(at__gte=_midnight(d), at__lt=_midnight(d + dt.timedelta(days=1)))
            DailyVolume.objects.filter(day=d).delete()
    start = None if state.rolled_through is None else state.rolled_through + dt.timedelta(days=1)
    if start is None or start <= through:
        new_days = Q(at__lt=_midnight(through + dt.timedelta(days=1)))
        if start is not None:
            new_days &= Q(at__gte=_midnight(start))
            DailyVolume.objects.filter(day__gte=start).delete()
        else:
            DailyVolume.objects.all().delete()
        ranges |= new_days
    if ranges:
        DailyVolume.objects.bulk_create(_grouped(events.filter(ranges, pk__lte=newest)))
    if state.rolled_through is None or through > state.rolled_through:
        state.rolled_through = through
    state.last_event_id = newest
    state.refreshed_at = now
    state.save()
    return state


@dataclass(frozen=True)
class Split:
    """Which part of a scope the rollup answers: days ``first``..``rolled`` (none when
    ``rolled`` is None or before ``first``), the raw events from ``raw_from`` on."""

    rolled: dt.date | None
    raw_from: dt.datetime | None  # None: no raw events needed in the range

    @property
    def through(self) -> dt.datetime | None:
        """The end of the rolled-up days (raw rows start here)."""
        return None if self.rolled is None else _midnight(self.rolled + dt.timedelta(days=1))


def split(scope: Scope) -> Split:
    """One query: how far the rollup goes for this scope."""
    state = RollupState.objects.filter(pk=1).values_list("rolled_through", flat=True).first()
    if state is None:
        return Split(None, scope.start)
    rolled = min(state, scope.last)
    raw_from = max(scope.start, _midnight(rolled + dt.timedelta(days=1)))
    return Split(state, None if raw_from >= scope.end else raw_from)


def rolled_rows(scope: Scope, last: dt.date, *, first: dt.date | None = None) -> QuerySet:
    """Rollup rows of days ``first``..``last`` with the scope's topic, channel and language
    filters (volume and backlog belong to no agent; a team narrows by its topics, see
    ``Scope.events``)."""
    rows = DailyVolume.objects.filter(day__lte=last)
    if first is not None:
        rows = rows.filter(day__gte=first)
    if scope.topic_id is not None:
        rows = rows.filter(topic_id=scope.topic_id)
    if scope.channel:
        rows = rows.filter(channel=scope.channel)
    if scope.language:
        rows = rows.filter(language=scope.language)
    return rows
