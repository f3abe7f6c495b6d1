"""Adding minutes to a moment, counting only opening hours (core.calendar: weekday windows
minus holidays) when a policy asks for it."""

import datetime as dt

from core.calendar import add_open_minutes


def add_minutes(start: dt.datetime, minutes: float, *, business_hours_only: bool) -> dt.datetime:
    """``start`` plus ``minutes``, counting only opening hours when asked (and when any are
    configured; no rows means 24/7)."""
    if not business_hours_only:
        return start + dt.timedelta(minutes=minutes)
    return add_open_minutes(start, minutes)
