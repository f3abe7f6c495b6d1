"""Reads of the shared core's rows."""

import datetime as dt

from django.utils import timezone

from core.models import BusinessHours


def is_within_business_hours(at: dt.datetime | None = None) -> bool:
    """True when support is staffed at ``at`` (default now). No rows at all means 24/7."""
    hours = list(BusinessHours.objects.all())
    if not hours:
        return True
    local = timezone.localtime(at or timezone.now())
    today = [h for h in hours if h.weekday == local.weekday()]
    return any(h.opens_at <= local.time() < h.closes_at for h in today)
