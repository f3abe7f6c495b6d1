"""Reads of site-wide settings, cached because every page shows them."""

from django.core.cache import cache

from helpcenter.models import ContactChannel

CONTACT_CHANNELS_CACHE_KEY = "site:contact-channels:v1"


def contact_channel_list() -> list[ContactChannel]:
    """Active contact channels in display order; invalidated by the admin on save."""
    channels = cache.get(CONTACT_CHANNELS_CACHE_KEY)
    if channels is None:
        channels = list(ContactChannel.objects.filter(is_active=True))
        cache.set(CONTACT_CHANNELS_CACHE_KEY, channels, 300)
    return channels
