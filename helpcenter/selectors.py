"""Reads of site-wide settings, cached because every page shows them."""

import datetime as dt

from django.core.cache import cache
from django.utils import timezone

from helpcenter.models import BusinessHours, ContactChannel

CONTACT_CHANNELS_CACHE_KEY = "site:contact-channels:v1"


def contact_channel_list() -> list[ContactChannel]:
    """Active contact channels in display order; invalidated by the admin on save."""
    channels = cache.get(CONTACT_CHANNELS_CACHE_KEY)
    if channels is None:
        channels = list(ContactChannel.objects.filter(is_active=True))
        cache.set(CONTACT_CHANNELS_CACHE_KEY, channels, 300)
    return channels


def is_within_business_hours(at: dt.datetime | None = None) -> bool:
    """True when support is staffed at ``at`` (default now). No rows at all means 24/7."""
    hours = list(BusinessHours.objects.all())
    if not hours:
        return True
    local = timezone.localtime(at or timezone.now())
    today = [h for h in hours if h.weekday == local.weekday()]
    return any(h.opens_at <= local.time() < h.closes_at for h in today)
