"""Reads of site-wide settings, cached because every page shows them."""

from django.core.cache import cache

from core.person_pages import forget_copies
from helpcenter.models import ContactChannel

CONTACT_CHANNELS_CACHE_KEY = "site:contact-channels:v1"


def contact_channel_list() -> list[ContactChannel]:
    """Active contact channels in display order; invalidated by the admin on save."""
    channels = cache.get(CONTACT_CHANNELS_CACHE_KEY)
    if channels is None:
        channels = list(ContactChannel.objects.filter(is_active=True))
        cache.set(CONTACT_CHANNELS_CACHE_KEY, channels, 300)
    return channels


def contact_channels_changed() -> None:
    """After an edit: every page's footer shows them (other processes within their copies'
    lifetimes, core.person_pages)."""
    cache.delete(CONTACT_CHANNELS_CACHE_KEY)
    forget_copies()
