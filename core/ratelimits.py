"""One attempt counted against several limits in one Redis round trip.

django-ratelimit (the views' decorators) makes one or two cache calls per limit; the request
form counts every POST per IP and per e-mail address, on the busiest write of the site. Here
all the counters go in one pipeline. Rates and client IPs mean what they mean to the
decorators (the library's own parsing); windows are fixed (``rate``'s period). Without Redis
(the embedded default's file cache) each limit goes through django-ratelimit itself.
"""

import hashlib
import ipaddress
import time
from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.http import HttpRequest
from django_ratelimit.core import _get_ip, _split_rate, is_ratelimited

# Keys live a little longer than their window so a late increment never starts at zero.
_EXPIRY_MARGIN_SECONDS = 5


def client_address(request: HttpRequest) -> str:
    """The client's address (``RATELIMIT_IP_META_KEY``, so the decorators use it too).

    ``REMOTE_ADDR``, unless the site runs behind ``TRUSTED_PROXIES`` reverse proxies (1 behind
    the compose nginx): then every visitor would share the proxy's address, so it is the one
    the outermost trusted proxy saw, the n-th entry of X-Forwarded-For from the right (each
    proxy appends its peer). Entries further left come from the client and are never trusted."""
    return address_from_meta(request.META)


def address_from_meta(meta: Mapping[str, Any]) -> str:
    """``client_address`` from a WSGI environ or ``request.META``."""
    remote = meta.get("REMOTE_ADDR", "")
    hops = settings.TRUSTED_PROXIES
    if not hops:
        return remote
    forwarded = [a.strip() for a in meta.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [a for a in forwarded if a]
    if len(forwarded) < hops:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-hops]))
    except ValueError:
        return remote


def client_ip(request: HttpRequest) -> str:
    """The address rate limits count per: ``client_address`` with django-ratelimit's IPv6 /64
    mask, exactly as its decorators count."""
    return _get_ip(request)


def over_limit(request: HttpRequest, limits: Sequence[tuple[str, str, str]]) -> bool:
    """Count this attempt against every ``(group, key, rate)`` limit (e.g. ``("tickets:create:ip",
    "203.0.113.9", "10/h")``); True when any of them is now exceeded."""
    if not settings.RATELIMIT_ENABLE or not limits:
        return False
    cache = caches["default"]  # the backend itself (``django.core.cache.cache`` is a proxy)
    if not isinstance(cache, RedisCache):
        exceeded = [
            is_ratelimited(
                request,
                group=group,
                key=lambda _group, _request, value=value: value,
                rate=rate,
                increment=True,
            )
            for group, value, rate in limits
        ]
        return any(exceeded)
    now = int(time.time())
    pipeline = cache._cache.get_client(write=True).pipeline(transaction=False)
    allowed = []
    for group, value, rate in limits:
        count, period = _split_rate(rate)
        digest = hashlib.blake2b(value.encode(), digest_size=12).hexdigest()
        key = cache.make_and_validate_key(f"rl:{group}:{now // period}:{digest}")
        pipeline.set(key, 0, ex=period + _EXPIRY_MARGIN_SECONDS, nx=True)
        pipeline.incr(key)
        allowed.append(count)
    counts = pipeline.execute()[1::2]
    return any(used > count for used, count in zip(counts, allowed, strict=True))
