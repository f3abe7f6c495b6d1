"""Adding minutes to a moment, counting only opening hours (``core.models.BusinessHours``)
when a policy asks for it."""

import datetime as dt

from django.utils import timezone

from core.models import BusinessHours


def add_minutes(start: dt.datetime, minutes: float, *, business_hours_only: bool) -> dt.datetime:
    """``start`` plus ``minutes``, counting only opening hours when asked (and when any are
    configured; no rows means 24/7)."""
    if not business_hours_only:
        return start + dt.timedelta(minutes=minutes)
    hours = {h.weekday: h for h in BusinessHours.objects.all()}
    if not hours:
        return start + dt.timedelta(minutes=minutes)
    remaining = dt.timedelta(minutes=minutes)
    local = timezone.localtime(start)
    tz = local.tzinfo
    for _day in range(366):
        h = hours.get(local.weekday())
        if h is not None:
            opens = dt.datetime.combine(local.date(), h.opens_at, tzinfo=tz)
            closes = dt.datetime.combine(local.date(), h.closes_at, tzinfo=tz)
            begin = max(local, opens)
            if begin < closes:
                if begin + remaining <= closes:
                    return begin + remaining
                remaining -= closes - begin
        local = dt.datetime.combine(local.date() + dt.timedelta(days=1), dt.time(), tzinfo=tz)
    return local  # a year without opening hours: treat the target as that far away
