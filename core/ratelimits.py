"""The one rate-limit API: rates, the client's address, counting, the view decorator and the
per-socket allowance.

A rate is written one way everywhere (settings, decorators, sockets): ``"10/m"``, ``"5/h"``,
``"20/s"``, ``"1/d"``, or with a multiplier, ``"100/15m"``. Shared limits count in the default
cache in fixed windows (``over_limit``, behind views ``rate_limited``); several limits cost one
Redis round trip when the cache is Redis; ``attempt_wait`` counts the same way and says how long
to wait (an API's ``Retry-After``). To count only some outcomes (failed sign-ins), read
first with ``retry_after``, count the outcome with ``over_limit`` and start a count again with
``forget_attempts``. A websocket's message allowance is in process memory (``SocketAllowance``).
``RATELIMIT_ENABLE`` switches every limit off.
"""

import hashlib
import ipaddress
import re
import time
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache, wraps
from typing import Any, Literal

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.module_loading import import_string

from core.cache import ReusingRedisCache

# Keys live a little longer than their window so a late increment never starts at zero.
_EXPIRY_MARGIN_SECONDS = 5
_RATE_RE = re.compile(r"(\d+)/(\d*)([smhd])")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
# Counted per /64: one IPv6 customer line usually holds a whole /64 of addresses.
_IPV6_PREFIX = 64


@dataclass(frozen=True)
class Rate:
    """``limit`` attempts per ``seconds``."""

    limit: int
    seconds: int


@lru_cache(maxsize=128)  # a pure function of a few settings, asked at every request
def parse_rate(text: str) -> Rate:
    """``"10/m"`` → ``Rate(10, 60)``, ``"100/15m"`` → ``Rate(100, 900)``; ``"0/h"`` blocks all."""
    match = _RATE_RE.fullmatch(text.strip())
    if match is None:
        raise ImproperlyConfigured(f"Bad rate {text!r}: write it like '10/m' or '100/15m'.")
    count, multiplier, unit = match.groups()
    seconds = int(multiplier or 1) * _UNIT_SECONDS[unit]
    if seconds <= 0:
        raise ImproperlyConfigured(f"Bad rate {text!r}: the period must be longer than zero.")
    return Rate(int(count), seconds)


# --- The client's address -------------------------------------------------------------------
def _address_behind_proxies(remote: str, forwarded_for: str) -> str:
    """The rule for HTTP and websockets alike: ``remote`` (the peer), unless the site runs
    behind ``TRUSTED_PROXIES`` reverse proxies (1 behind the compose nginx): then every visitor
    would share the proxy's address, so it is the one the outermost trusted proxy saw, the n-th
    X-Forwarded-For entry from the right (each proxy appends its peer). Entries further left
    come from the client and are never trusted."""
    hops = settings.TRUSTED_PROXIES
    if not hops:
        return remote
    forwarded = [a.strip() for a in forwarded_for.split(",")]
    forwarded = [a for a in forwarded if a]
    if len(forwarded) < hops:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-hops]))
    except ValueError:
        return remote


def client_address(meta: Mapping[str, Any]) -> str:
    """The client's address from ``request.META`` or a WSGI environ."""
    return _address_behind_proxies(
        meta.get("REMOTE_ADDR", ""), meta.get("HTTP_X_FORWARDED_FOR", "")
    )


def client_address_for_scope(scope: Mapping[str, Any]) -> str:
    """The client's address from an ASGI (websocket or HTTP) scope, by the same rule."""
    client = scope.get("client")
    forwarded = b",".join(
        value for name, value in scope.get("headers", ()) if name.lower() == b"x-forwarded-for"
    )
    return _address_behind_proxies(client[0] if client else "", forwarded.decode("latin-1"))


def address_key(address: str) -> str:
    """What limits count an address by: IPv4 as it is, IPv6 masked to its /64."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 4:
        return str(ip)
    return str(ipaddress.ip_network(f"{ip}/{_IPV6_PREFIX}", strict=False).network_address)


def client_ip(request: HttpRequest) -> str:
    """The address key of this request's client."""
    return address_key(client_address(request.META))


# --- Counting in the shared cache ------------------------------------------------------------
def over_limit(limits: Sequence[tuple[str, str, str | Rate]]) -> bool:
    """Count one attempt against every ``(scope, key, rate)`` limit, e.g.
    ``("tickets:create:ip", "203.0.113.9", "10/h")``; True when any of them is now exceeded.

    Windows are fixed (``rate``'s period from the epoch): up to twice the rate can pass around
    a window's edge, which is fine for abuse limits and costs one counter per window."""
    return attempt_wait(limits) > 0


def attempt_wait(limits: Sequence[tuple[str, str, str | Rate]]) -> int:
    """``over_limit`` that also says for how long: count one attempt against every limit; the
    seconds until the last exceeded limit's window ends (an API's ``Retry-After``), 0 when none
    is exceeded."""
    return max(attempt_waits(limits), default=0)


def attempt_waits(limits: Sequence[tuple[str, str, str | Rate]]) -> list[int]:
    """``attempt_wait`` limit by limit: count one attempt against every limit (one round trip
    for all of them); for each, in order, the seconds until its window ends when it is now
    exceeded, else 0. For a caller that counts several parties' limits together and answers
    differently depending on whose is exceeded (the API's credential and e-mail limits)."""
    if not settings.RATELIMIT_ENABLE or not limits:
        return [0] * len(limits)
    now = int(time.time())
    rates = _rates(limits)
    counters = [
        (_counter_key(scope, value, rate, now), rate.seconds + _EXPIRY_MARGIN_SECONDS)
        for (scope, value, _), rate in zip(limits, rates, strict=True)
    ]
    counts = count_attempts(caches["default"], counters)
    return [
        rate.seconds - now % rate.seconds if used > rate.limit else 0
        for used, rate in zip(counts, rates, strict=True)
    ]


def retry_after(limits: Sequence[tuple[str, str, str | Rate]]) -> int:
    """Seconds until an attempt may go ahead against every ``(scope, key, rate)`` limit: 0 when
    none of them has used its whole rate in this window, else until the last such window ends.
    Counts nothing (one cache read), so a caller can count only the outcomes it limits (failed
    sign-ins) with ``over_limit`` after the attempt."""
    if not settings.RATELIMIT_ENABLE or not limits:
        return 0
    now = int(time.time())
    rates = _rates(limits)
    keys = [
        _counter_key(scope, value, rate, now)
        for (scope, value, _), rate in zip(limits, rates, strict=True)
    ]
    counts = caches["default"].get_many(keys)
    waits = [
        rate.seconds - now % rate.seconds
        for key, rate in zip(keys, rates, strict=True)
        if counts.get(key, 0) >= rate.limit
    ]
    return max(waits, default=0)


def forget_attempts(limits: Sequence[tuple[str, str, str | Rate]]) -> None:
    """Start each limit's count in this window again from zero (a successful sign-in forgets
    that account's failures from that address)."""
    now = int(time.time())
    caches["default"].delete_many(
        [
            _counter_key(scope, value, rate, now)
            for (scope, value, _), rate in zip(limits, _rates(limits), strict=True)
        ]
    )


def _rates(limits: Sequence[tuple[str, str, str | Rate]]) -> list[Rate]:
    return [rate if isinstance(rate, Rate) else parse_rate(rate) for _, _, rate in limits]


def _counter_key(scope: str, value: str, rate: Rate, now: int) -> str:
    """The cache key of ``value``'s count in the window of ``rate`` that holds ``now``."""
    digest = hashlib.blake2b(value.encode(), digest_size=12).hexdigest()
    return f"rl:{scope}:{rate.seconds}:{now // rate.seconds}:{digest}"


def count_attempts(cache: BaseCache, counters: Sequence[tuple[str, int]]) -> list[int]:
    """Add one to each ``(key, timeout)`` counter (created with ``timeout`` seconds to live);
    the counts after it, in order."""
    if isinstance(cache, ReusingRedisCache):
        return count_in_redis_pipeline(cache, counters)
    return count_in_cache(cache, counters)


def count_in_cache(cache: BaseCache, counters: Sequence[tuple[str, int]]) -> list[int]:
    """The plain Django way: ``add`` then ``incr``, two cache calls per counter."""
    counts = []
    for key, timeout in counters:
        cache.add(key, 0, timeout)
        try:
            counts.append(cache.incr(key))
        except ValueError:  # expired between the two calls: this attempt starts a new one
            cache.set(key, 1, timeout)
            counts.append(1)
    return counts


def count_in_redis_pipeline(
    cache: ReusingRedisCache, counters: Sequence[tuple[str, int]]
) -> list[int]:
    """``count_in_cache`` in one Redis round trip (``SET NX`` + ``INCR`` per counter, pipelined):
    the request form counts per IP and per e-mail on the busiest write of the site. The keys
    and stored integers are the ones Django's RedisCache uses, so both ways share counters.
    Sent by ``ReusingRedisCache.round_trip`` (the thread's own connection, raw replies):
    redis-py's pipeline object cost about twice the CPU for the same commands."""
    commands: list[tuple[object, ...]] = []
    for key, timeout in counters:
        full_key = cache.make_and_validate_key(key)
        commands.append(("SET", full_key, 0, "EX", timeout, "NX"))
        commands.append(("INCR", full_key))
    return [int(count) for count in cache.round_trip(commands)[1::2]]


# --- Views --------------------------------------------------------------------------------------
class RateLimited(PermissionDenied):
    """Raised by ``rate_limited`` views over their limit; ``RateLimitMiddleware`` answers it (a
    PermissionDenied, so without the middleware it is still a refusal, a 403)."""


def rate_limited(
    scope: str,
    rate: str | Callable[[], str],
    *,
    key: Literal["ip", "user_or_ip"] = "ip",
    methods: Collection[str] | None = ("POST",),
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Limit a view to ``rate`` per client address (``key="ip"``) or per signed-in user, else
    address (``"user_or_ip"``), counting requests whose method is in ``methods`` (``None``:
    every method). ``rate`` may be a function, read at each request (settings a test or an
    operator changes). Over the limit the view is not run: ``RateLimited`` is raised."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if methods is None or request.method in methods:
                current = rate() if callable(rate) else rate
                if over_limit([(scope, _view_key(request, key), current)]):
                    raise RateLimited
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def _view_key(request: HttpRequest, key: str) -> str:
    if key == "user_or_ip" and request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return client_ip(request)


class RateLimitMiddleware:
    """Turns ``RateLimited`` into the page of the view named by ``RATELIMIT_VIEW``, called as
    ``view(request, exception)`` (the project's translated 429)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, RateLimited):
            return None
        return import_string(settings.RATELIMIT_VIEW)(request, exception)


# --- One socket's messages --------------------------------------------------------------------
class SocketAllowance:
    """A limit kept in this process for one connection (a websocket's messages): a burst of
    ``rate.limit`` attempts, refilled evenly over ``rate.seconds`` (``"10/2s"``: bursts of 10,
    5 a second after that). Nothing shared, so no cache call per message."""

    def __init__(self, rate: str | Rate, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate if isinstance(rate, Rate) else parse_rate(rate)
        self.clock = clock
        self.tokens = float(self.rate.limit)
        self.stamp = clock()

    def take(self) -> bool:
        """Count one attempt; False when the allowance is used up (the attempt is refused)."""
        now = self.clock()
        refill = (now - self.stamp) * self.rate.limit / self.rate.seconds
        self.tokens = min(float(self.rate.limit), self.tokens + refill)
        self.stamp = now
        if not settings.RATELIMIT_ENABLE:
            return True
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True
