"""The knowledge base's use of the cache: rendered pages, search results and view counters.

Correctness after an edit comes from one *content generation* token. Every cached page and
search result remembers the generation it was built from; ``bump_generation`` (called after
any content change commits) makes all of them stale at once.

A page hit costs one round trip: the generation, the page and the visitor's "seen today"
marker are read and set together. With Redis that is one round trip on a connection of
Django's own pool (``core.cache.ReusingRedisCache.round_trip``: neither a new ``redis.Redis``
per call, as Django's RedisCache builds, nor a pipeline's per-command machinery; figures in
docs/faq.md and docs/performance.md); with any other backend it is the portable cache API.
"""

import hashlib
import uuid
from functools import cache as memoize
from typing import Any

from django.core.cache import cache, caches

from core.cache import ReusingRedisCache

GENERATION_KEY = "faq:gen"
PAGE_TIMEOUT = 600  # also bounds how long a changed footer (contact channels) may lag
SEARCH_TIMEOUT = 300
VIEW_DEDUP_SECONDS = 24 * 3600


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()


@memoize
def _redis() -> tuple[ReusingRedisCache, Any] | None:
    """``(backend, loads)``: the Redis cache (whose ``round_trip`` sends several commands at
    once on Django's own connection pool) and its value decoder, or None when the cache is not
    Redis."""
    backend = caches["default"]
    if not isinstance(backend, ReusingRedisCache):
        return None
    return backend, backend.loads


def current_generation() -> str:
    """The content generation, created on first use (or after the cache was cleared)."""
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        generation = cache.get(GENERATION_KEY)
    return generation


def bump_generation() -> None:
    """Make every cached page and search result stale. Call after a content change commits."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def page_key(path: str) -> str:
    """The key of the shared copy of the page at ``path`` (which starts with its language)."""
    return "faq:page:" + _digest(path)


def seen_key(subject: str, visitor: str) -> str:
    return "faq:seen:" + _digest(f"{subject}|{visitor}")


def _commands(key: str | None, seen: str | None) -> list[tuple[Any, ...]]:
    # The Redis commands of ``_fetch`` (see ``core.cache.ReusingRedisCache.round_trip``).
    commands = [("MGET", cache.make_key(GENERATION_KEY), cache.make_key(key or GENERATION_KEY))]
    if seen:
        commands.append(("SET", cache.make_key(seen), 1, "EX", VIEW_DEDUP_SECONDS, "NX"))
    return commands


def _read(replies: list[Any], seen: str | None) -> tuple[Any, Any, bool]:
    # ``(generation, entry, first_view)`` from the replies to ``_commands``.
    loads = _redis()[1]
    generation, entry = (None if raw is None else loads(raw) for raw in replies[0])
    return generation, entry, bool(seen) and replies[1] is not None


def _fetch(key: str | None, seen: str | None) -> tuple[str, dict[str, Any] | None, bool]:
    """``(generation, entry, first_view)`` in one round trip: the content generation, the
    entry under ``key`` if it was built from that generation, and whether the "seen" marker
    ``seen`` (if given) was newly set."""
    redis = _redis()
    if redis is None:
        found = cache.get_many([GENERATION_KEY, key] if key else [GENERATION_KEY])
        generation, entry = found.get(GENERATION_KEY), found.get(key) if key else None
        first_view = bool(seen) and cache.add(seen, 1, VIEW_DEDUP_SECONDS)
    else:
        backend, _ = redis
        replies = backend.round_trip(_commands(key, seen))
        generation, entry, first_view = _read(replies, seen)
    generation = generation or current_generation()
    if key is None or entry is None or entry.get("generation") != generation:
        return generation, None, first_view
    return generation, entry, first_view


def page_get(key: str, *, seen: str | None = None) -> tuple[str, dict[str, Any] | None, bool]:
    """``(generation, entry, first_view)``: the page cached under ``key`` if it is current,
    else ``None``. With ``seen`` (a ``seen_key``) the visitor is also marked as seen for a day
    and ``first_view`` says whether they had not been yet (then count the view)."""
    return _fetch(key, seen)


def generation_and_first_view(seen: str | None) -> tuple[str, bool]:
    """``(generation, first_view)`` in one round trip: the content generation, and whether the
    "seen" marker ``seen`` (if given) was newly set (then count the view)."""
    generation, _, first_view = _fetch(None, seen)
    return generation, first_view


def first_view_commands(seen: str) -> list[tuple[Any, ...]] | None:
    """The Redis commands of ``generation_and_first_view(seen)``, for a caller that sends them
    in a round trip of its own together with other commands (``helpcenter.person_wsgi``:
    with the session); ``first_view_from`` reads their replies. None when the cache is not
    Redis."""
    return None if _redis() is None else _commands(None, seen)


def first_view_from(replies: list[Any], seen: str) -> tuple[str, bool]:
    """``generation_and_first_view(seen)`` from the replies to ``first_view_commands(seen)``."""
    generation, _, first_view = _read(replies, seen)
    return generation or current_generation(), first_view


def page_set(key: str, generation: str, entry: dict[str, Any]) -> None:
    cache.set(key, {**entry, "generation": generation}, PAGE_TIMEOUT)


def search_key(language: str, query: str, limit: int, *, exact: bool = False) -> str:
    return "faq:search:" + _digest(f"{language}|{limit}|{int(exact)}|{query}")


def search_get(key: str) -> tuple[str, Any]:
    """``(generation, hits)``: the search results cached under ``key`` if they are current,
    else ``None``."""
    generation, entry, _ = _fetch(key, None)
    return generation, None if entry is None else entry["hits"]


def search_set(key: str, generation: str, hits: Any) -> None:
    cache.set(key, {"hits": hits, "generation": generation}, SEARCH_TIMEOUT)


def view_counter_key(article_id: int) -> str:
    return f"faq:views:{article_id}"


def record_view(article_id: int, seen: str) -> None:
    """Count a view of ``article_id`` unless ``seen`` (a ``seen_key``) was marked today."""
    if cache.add(seen, 1, VIEW_DEDUP_SECONDS):
        count_view(article_id)


def forget_view(seen: str) -> None:
    """Drop a "seen" marker set for a page that turned out not to exist."""
    cache.delete(seen)


def count_view(article_id: int) -> None:
    """Add one view of ``article_id`` to its counter in the cache (see ``take_view_counts``)."""
    counter = view_counter_key(article_id)
    try:
        cache.incr(counter)
    except ValueError:
        if not cache.add(counter, 1, None):
            cache.incr(counter)


def take_view_counts(article_ids: list[int]) -> dict[int, int]:
    """Pending view counts for ``article_ids``, subtracted from the cache as they are taken so
    that views counted meanwhile are kept for the next flush."""
    keys = {view_counter_key(article_id): article_id for article_id in article_ids}
    taken: dict[int, int] = {}
    for key, count in cache.get_many(list(keys)).items():
        if count:
            cache.decr(key, count)
            taken[keys[key]] = count
    return taken
