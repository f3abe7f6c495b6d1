"""Django's Redis cache with one client per connection pool instead of one per call.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` on every cache call, and
sessions, rate limits and page caches each make several calls per request: the constructor's
work is repeated on the hottest path for a client that could have been kept (figures in
docs/faq.md). A ``redis.Redis`` over a pool is thread-safe, so one per pool is enough.

It is also the one door to that client for code that needs Redis itself (several counters in
one pipeline, a page copy read raw): ``redis_client`` and ``loads`` are public here, so no
other module reaches into the private attributes of Django's backend.
"""

from typing import Any

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


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

    def redis_client(self) -> Any:
        """The redis-py client (over Django's own connection pool) for writes and reads."""
        return self._cache.get_client(write=True)

    def loads(self, data: Any) -> Any:
        return self._cache.loads(data)
