"""Django's Redis cache with one client per connection pool instead of one per call.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` on every cache call, and
sessions, rate limits and page caches each make several calls per request: the constructor's
work is repeated on the hottest path for a client that could have been kept (figures in
docs/faq.md). A ``redis.Redis`` over a pool is thread-safe, so one per pool is enough.

``round_trip`` sends several commands in one round trip on the thread's own connection,
without the client's per-command machinery (pool checkout, retry wrappers, observability
hooks, reply callbacks): a signed-in page's session, user and content generation are read with
it, where a pipeline or a ``cache.get`` costs two to five times the CPU (docs/performance.md).

It is also the one door to that client for code that needs Redis itself (several counters in
one pipeline, a page copy read raw): ``redis_client`` and ``loads`` are public here, so no
other module reaches into the private attributes of Django's backend.

``forget`` drops kept copies of rows a change is writing, with any cache backend.
"""

import os
import threading
from collections.abc import Sequence
from typing import Any

from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.db import transaction
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import ResponseError
from redis.exceptions import TimeoutError as RedisTimeoutError


def _read_reply(connection: Any) -> Any:
    # An error reply is returned, not raised, so that every reply is read off the socket.
    try:
        return connection.read_response()
    except ResponseError as error:
        return error


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def loads(self, data: Any) -> Any:
        """A stored value decoded as Django's cache decodes it."""
        return self._serializer.loads(data)

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ReusingRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
        self._thread = threading.local()

    def redis_client(self) -> Any:
        """The redis-py client (over Django's own connection pool) for writes and reads."""
        return self._cache.get_client(write=True)

    def loads(self, data: Any) -> Any:
        return self._cache.loads(data)

    def round_trip(self, commands: Sequence[tuple[Any, ...]]) -> list[Any]:
        """The raw replies to ``commands`` (Redis commands with full keys, as ``make_key``
        makes them), sent together in one round trip: what a non-transactional pipeline's
        ``execute()`` returns before its reply callbacks (a ``SET ... NX`` answers ``b"OK"`` or
        None). Each thread sends on a connection of its own, made with the pool's settings,
        so no checkout, lock or readiness poll is paid per call. A broken connection is
        dropped and the commands are sent once more on a fresh one, as the client's own retry
        does; a command's error is raised once every reply has been read."""
        for attempt in (1, 2):
            connection = self._own_connection()
            try:
                connection.send_packed_command(connection.pack_commands(commands))
                replies = [_read_reply(connection) for _ in commands]
            except (RedisConnectionError, RedisTimeoutError, OSError):
                connection.disconnect()
                if attempt == 2:
                    raise
                continue
            for reply in replies:
                if isinstance(reply, ResponseError):
                    raise reply
            return replies
        raise AssertionError("unreachable")

    def _own_connection(self) -> Any:
        # A connection per thread (and per process: a forked worker makes its own), connected
        # on first use, like the pool's but never shared, so it needs no checkout.
        local = self._thread
        if getattr(local, "pid", None) != os.getpid():
            pool = self.redis_client().connection_pool
            local.connection = pool.connection_class(**pool.connection_kwargs)
            local.pid = os.getpid()
        return local.connection

    def get_values(self, keys: Sequence[str]) -> list[Any]:
        """``[cache.get(key) for key in keys]`` in one round trip (``round_trip``)."""
        full_keys = [self.make_key(key) for key in keys]
        (replies,) = self.round_trip([("MGET", *full_keys)])
        return [None if raw is None else self.loads(raw) for raw in replies]


def forget(keys: Sequence[str]) -> None:
    """Delete the kept ``keys`` now and again once the current transaction commits: a request
    that read the old rows and kept them while the change was open is dropped by the second
    delete (a cached user row, an unread count)."""
    keys = list(keys)
    if keys:
        cache.delete_many(keys)
        transaction.on_commit(lambda: cache.delete_many(keys))
