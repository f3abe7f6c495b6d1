"""Durations in opening hours (core.calendar: weekday windows minus holidays, in the site's
time zone), the figure stored on lifecycle events so reports only add up numbers."""

import datetime as dt

from django.utils import timezone

from core.calendar import END_OF_DAY, hours


def open_seconds(start: dt.datetime, end: dt.datetime) -> int:
    """Whole seconds of opening hours between ``start`` and ``end`` (0 when ``end`` is not
    after ``start``). Without any opening hours configured every second counts (24/7)."""
    if end <= start:
        return 0
    current = hours()
    if current.around_the_clock:
        return int((end - start).total_seconds())
    local_start = timezone.localtime(start)
    local_end = timezone.localtime(end)
    tz = local_start.tzinfo
    total = dt.timedelta()
    day = local_start.date()
    while day <= local_end.date():
        for opens_at, closes_at in current.windows_on(day):
            opens = dt.datetime.combine(day, opens_at, tzinfo=tz)
            if closes_at == END_OF_DAY:
                closes = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=tz)
            else:
                closes = dt.datetime.combine(day, closes_at, tzinfo=tz)
            begin, finish = max(opens, local_start), min(closes, local_end)
            if finish > begin:
                total += finish - begin
        day += dt.timedelta(days=1)
    return int(total.total_seconds())
