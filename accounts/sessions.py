"""Sessions from Redis with the signed-in user's row in the same round trip.

``SESSION_ENGINE`` with Redis (helpcenter/settings.py). It is Django's ``cached_db`` store
(reads from the cache, writes to the cache and PostgreSQL, which stays the record), with one
change to ``load``: the session and the cached row of its user (``accounts.backends``) are read
in one round trip instead of two, one after the other (docs/performance.md).

The user's id is inside the session, so it is not known before the session is read. A session
key belongs to one user for its whole life (signing in gives a new key, signing out deletes
it), so this process remembers which user each session it has loaded belongs to, and reads that
user's row together with the session; the row is used only when the session that came back
names that same user. The backend then takes the row instead of reading the cache again
(``accounts.backends.take_prefetched_user``); the session hash, ``is_active`` and every other
check of Django's ``get_user`` run on it as on any row. Without a remembered user (the first
request of a session in this process), or with another cache than Redis, it is Django's load.

``signed_in_user`` is the same read for ``helpcenter.person_wsgi``, which answers a signed-in
page before Django runs: the session and its user in that one round trip, with every check of
Django's ``get_user``, and None whenever Django's own path must decide (nothing remembered, a
cache miss, anything that would change the session).
"""

import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore
from django.core.cache import caches
from django.utils.crypto import constant_time_compare

from accounts import backends
from core.cache import ReusingRedisCache

MAX_REMEMBERED = 20_000


class _UserOfSession:
    """Session key → user id, for the sessions this process loaded last (a bounded LRU)."""

    def __init__(self) -> None:
        self._entries: OrderedDict[str, str] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, session_key: str | None) -> str | None:
        if session_key is None:
            return None
        with self._lock:
            return self._entries.get(session_key)

    def put(self, session_key: str, user_id: str) -> None:
        with self._lock:
            self._entries[session_key] = user_id
            self._entries.move_to_end(session_key)
            while len(self._entries) > MAX_REMEMBERED:
                self._entries.popitem(last=False)

    def forget(self, session_key: str | None) -> None:
        with self._lock:
            self._entries.pop(session_key, None)


_user_of_session = _UserOfSession()


class SessionStore(CachedDBStore):
    def load(self) -> dict[str, Any]:
        backends.forget_prefetched_user()
        # The user's row is kept in the default cache: read together only from the same Redis.
        if not isinstance(self._cache, ReusingRedisCache) or self._cache is not caches["default"]:
            return super().load()
        user_id = _user_of_session.get(self.session_key)
        keys = [self.cache_key]
        if user_id is not None:
            keys.append(backends.user_cache_key(user_id))
        try:
            values = self._cache.get_values(keys)
        except Exception:
            values = [None] * len(keys)  # as Django's load: a failed read is a cache miss
        data = values[0]
        if data is None:
            return super().load()  # the database, and the session back into the cache
        session_user_id = data.get(SESSION_KEY)
        if session_user_id is not None:
            _user_of_session.put(self.session_key, str(session_user_id))
            if user_id == str(session_user_id) and values[1] is not None:
                backends.prefetch_user(session_user_id, values[1])
        return data

    def delete(self, session_key: str | None = None) -> None:
        _user_of_session.forget(session_key or self.session_key)
        super().delete(session_key)


_BACKEND = "accounts.backends.EmailOrUsernameBackend"
_backend = backends.EmailOrUsernameBackend()
_MESSAGES = "_messages"  # where django.contrib.messages' session storage keeps flash messages


def may_sign_in(session_key: str) -> bool:
    """Whether this process remembers a user for the session ``session_key``: without one,
    ``signed_in_user`` returns None before any round trip."""
    return _user_of_session.get(session_key) is not None


def signed_in_user(
    session_key: str, *, also: Sequence[tuple[Any, ...]] = ()
) -> tuple[Any | None, list[Any] | None]:
    """``(user, replies)``: the user the session ``session_key`` signs in, read from Redis
    together with the session in one round trip, when Django's ``get_user`` would return that
    same user and leave the session as it is (the session names the user and this backend, the
    user is active, the session's hash matches the user's current one); None in every other
    case (the session or the row not in the cache, no user remembered for the key in this
    process, a hash that only a fallback secret verifies, flash messages in the session), and
    then Django's own path decides. ``also`` are more Redis commands for the same round trip;
    ``replies`` are their replies, None when they were not sent. Reads only, no database."""
    if __name__ != settings.SESSION_ENGINE or _BACKEND not in settings.AUTHENTICATION_BACKENDS:
        return None, None
    store = SessionStore(session_key)
    cache = store._cache
    if store.session_key is None or not isinstance(cache, ReusingRedisCache):
        return None, None
    if cache is not caches["default"]:
        return None, None
    user_id = _user_of_session.get(store.session_key)
    if user_id is None:
        return None, None
    keys = (cache.make_key(store.cache_key), cache.make_key(backends.user_cache_key(user_id)))
    try:
        replies = cache.round_trip([("MGET", *keys), *also])
    except Exception:
        return None, None
    data, user = (None if raw is None else cache.loads(raw) for raw in replies[0])
    replies = replies[1:]
    if data is None or user is None or _MESSAGES in data:
        return None, replies
    if str(data.get(SESSION_KEY)) != user_id or data.get(BACKEND_SESSION_KEY) != _BACKEND:
        return None, replies
    if str(user.pk) != user_id or not _backend.user_can_authenticate(user):
        return None, replies
    session_hash = data.get(HASH_SESSION_KEY)
    if not session_hash or not constant_time_compare(session_hash, user.get_session_auth_hash()):
        return None, replies
    return user, replies
