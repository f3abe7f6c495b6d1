"""The staff inbox's live signal: "tickets changed", sent to every agent's socket after the
change commits (core.realtime's one path, so it works from Celery too).

It carries no ticket data: each inbox reads its own view again (one indexed query), so what an
agent may see is decided by the same selectors as the page, and any number of changes in one
transaction make one signal. The agent socket (chat.consumers.AgentConsumer) forwards it as
the ``inbox`` frame of chat.protocol.

The same signal keeps the inbox's counters: they are counted once per change and kept in the
cache under a *version* that every committed ticket or chat change bumps before anyone is
told (``counts_changed_on_commit``; chats call it too, their frames being their own; a
ticket's bump rides with its coalesced frame, FRAME_AT_MOST_EVERY_SECONDS). A
reader takes the version before it counts, so what it stores is never older than the version
it is filed under; ``counted`` is the one door to those entries."""

import time
from collections.abc import Callable
from typing import Any

from django.core.cache import cache

from core import realtime

INBOX_GROUP = "staff.inbox"
INBOX_EVENT = "inbox.changed"

COUNTS_VERSION_KEY = "inbox:counts:version"
COUNTS_CHANGED = "inbox.counts"
# A safety net for rows changed outside the services (admin, a console shell): an entry is
# recounted after this long even if no signal bumped the version.
COUNTS_MAX_SECONDS = 300


# The "tickets changed" frame leaves each process at most this often (core.realtime's
# ``send_coalesced``): under a burst of new requests (hundreds a second) a publish per commit
# was a sixth of a new request's CPU. Every change is still followed by a frame sent after it
# (within this delay), and the counters' version is bumped just before each frame leaves, so
# once every frame is sent the counts are exact: in the moment between a commit and its frame
# a reader may count as it would have a moment earlier, never longer (the bump retires that
# entry). A bump per commit was a Redis round trip in every new request.
FRAME_AT_MOST_EVERY_SECONDS = 0.05


def inbox_changed_on_commit(changed: str = "ticket") -> None:
    """A ticket (or, ``changed="chat"``, a chat's row, e.g. its tags) was created or changed in
    the current transaction: tell the inboxes once it commits (and recount the counters then)."""
    realtime.publish_computed_on_commit(
        lambda: _announce(changed),
        once_per_commit=f"{INBOX_EVENT}:{changed}",
        at_most_every=FRAME_AT_MOST_EVERY_SECONDS,
        # Before the frame leaves, so an inbox that reloads counts afresh.
        before_send=_bump_version,
    )


def counts_changed_on_commit() -> None:
    """Something the counters count changed in the current transaction (a chat queued, taken,
    closed): the counters are recounted once it commits."""
    realtime.publish_computed_on_commit(_bump_version, once_per_commit=COUNTS_CHANGED)


def _announce(changed: str) -> list[tuple[str, dict[str, object]]]:
    return [(INBOX_GROUP, {"type": INBOX_EVENT, "changed": [changed]})]


def _bump_version() -> list[tuple[str, dict[str, object]]]:
    if bump_in_one_round_trip():
        return []
    try:
        cache.incr(COUNTS_VERSION_KEY)
    except ValueError:  # never set, or evicted: start from a number never used before
        cache.add(COUNTS_VERSION_KEY, time.time_ns(), timeout=None)
    return []


def bump_in_one_round_trip() -> bool:
    """``_bump_version`` on Redis (``core.cache.round_trip``): ``SET NX`` of a number never
    used before, then ``INCR``, in one round trip, where ``cache.incr`` is two (an ``EXISTS``
    first) and a missing key a third. Paid at every committed ticket change. False where the
    cache is not Redis (then the plain way runs)."""
    round_trip = getattr(cache, "round_trip", None)
    if round_trip is None:
        return False
    key = cache.make_and_validate_key(COUNTS_VERSION_KEY)
    round_trip([("SET", key, time.time_ns(), "NX"), ("INCR", key)])
    return True


def counts_version() -> int:
    """The counters' current version (a new one after every committed change)."""
    version = cache.get(COUNTS_VERSION_KEY)
    if version is None:
        cache.add(COUNTS_VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(COUNTS_VERSION_KEY)
    return int(version)


def counted(parts: dict[str, Callable[[], tuple[Any, float]]]) -> dict[str, Any]:
    """Each part's value as of the current version: from the cache (one round trip for all
    of them) or, when missing, from its ``count()``, which returns the value and how many
    seconds it stays true by the clock alone (an SLA counter changes when a target's time
    comes, without any change to announce); it is kept that long at most."""
    version = counts_version()
    keys = {f"inbox:counts:{version}:{name}": name for name in parts}
    found = cache.get_many(list(keys))
    values: dict[str, Any] = {}
    for key, name in keys.items():
        # Each entry carries the moment it stops being true, read on this process's clock
        # (the cache's own expiry is only the clean-up).
        until, value = found.get(key, (0.0, None))
        if until > time.time():
            values[name] = value
            continue
        started = time.time()
        value, seconds = parts[name]()
        until = started + min(seconds, COUNTS_MAX_SECONDS)
        keep = int(until - time.time())
        if keep >= 1:
            cache.set(key, (until, value), keep)
        values[name] = value
    return values
