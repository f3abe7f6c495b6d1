"""Support's opening hours: windows per weekday (``BusinessHours``, several a day allowed) minus
holidays (``Holiday``), in settings.TIME_ZONE. One rule for everything that asks whether support
is open (the chat's "we are closed" notice and routing) and for SLA clocks that count only
opening hours (tickets.sla).

The rows change a few times a year and are read for every new ticket and chat, so each process
keeps them (``core.memo``): an admin edit clears the copy at once in the saving process, others
within its lifetime.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from core.memo import ProcessMemo
from core.models import BusinessHours, Holiday

Window = tuple[dt.time, dt.time]
END_OF_DAY = dt.time.max  # a window closing at midnight, as the last time of its day
DAYS_SEARCHED = 366  # a target beyond a year of closed days is treated as a year away


@dataclass(frozen=True)
class Hours:
    windows: dict[int, list[Window]]  # weekday -> windows, in order
    holidays: frozenset[dt.date]

    @property
    def around_the_clock(self) -> bool:
        return not self.windows and not self.holidays

    def windows_on(self, day: dt.date) -> list[Window]:
        if day in self.holidays:
            return []
        if not self.windows:  # holidays only: every other day is open all day
            return [(dt.time.min, END_OF_DAY)]
        return self.windows.get(day.weekday(), [])


def _load() -> Hours:
    windows: dict[int, list[Window]] = {}
    for row in BusinessHours.objects.order_by("weekday", "opens_at"):
        windows.setdefault(row.weekday, []).append((row.opens_at, row.closes_at))
    return Hours(windows, frozenset(Holiday.objects.values_list("date", flat=True)))


_hours = ProcessMemo(_load)


def hours() -> Hours:
    return _hours.get()


@receiver([post_save, post_delete], sender=BusinessHours)
@receiver([post_save, post_delete], sender=Holiday)
def forget(**kwargs: object) -> None:
    _hours.clear()  # this transaction's own later reads
    transaction.on_commit(_hours.clear)


def is_open(at: dt.datetime | None = None) -> bool:
    """Whether support is staffed at ``at`` (default now)."""
    current = hours()
    if current.around_the_clock:
        return True
    local = timezone.localtime(at or timezone.now())
    moment = local.time()
    return any(
        opens <= moment and (moment < closes or closes == END_OF_DAY)
        for opens, closes in current.windows_on(local.date())
    )


def add_open_minutes(start: dt.datetime, minutes: float) -> dt.datetime:
    """``start`` plus ``minutes`` of opening hours: closed evenings, weekends, breaks between
    windows and holidays do not count."""
    current = hours()
    if current.around_the_clock:
        return start + dt.timedelta(minutes=minutes)
    remaining = dt.timedelta(minutes=minutes)
    local = timezone.localtime(start)
    tz = local.tzinfo
    for _day in range(DAYS_SEARCHED):
        for opens_at, closes_at in current.windows_on(local.date()):
            opens = dt.datetime.combine(local.date(), opens_at, tzinfo=tz)
            if closes_at == END_OF_DAY:
                closes = dt.datetime.combine(local.date() + dt.timedelta(days=1), dt.time(), tz)
            else:
                closes = dt.datetime.combine(local.date(), closes_at, tzinfo=tz)
            begin = max(local, opens)
            if begin < closes:
                if begin + remaining <= closes:
                    return begin + remaining
                remaining -= closes - begin
        local = dt.datetime.combine(local.date() + dt.timedelta(days=1), dt.time(), tzinfo=tz)
    return local
