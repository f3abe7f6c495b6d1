"""core.cache: one client per pool, and several commands in one round trip equal to the plain
client's answers."""

import pytest
from redis.exceptions import ResponseError

from core.cache import ReusingRedisCache


def test_redis_cache_reuses_one_client_per_pool(redis_url):
    cache = ReusingRedisCache(redis_url, {})

    first = cache._cache.get_client(write=True)
    second = cache._cache.get_client(write=True)

    assert first is second


def test_redis_cache_round_trips_values_and_counts(redis_url):
    cache = ReusingRedisCache(redis_url, {"KEY_PREFIX": "test-cache"})
    cache.delete("counter")

    cache.set("answer", {"value": 42}, 30)
    cache.add("counter", 1, 30)
    cache.incr("counter", 2)

    assert cache.get("answer") == {"value": 42}
    assert cache.get("counter") == 3


def test_get_values_equal_cache_get_of_each_key(redis_url):
    cache = ReusingRedisCache(redis_url, {"KEY_PREFIX": "test-values"})
    cache.set("session", {"user": "7"}, 30)
    cache.set("row", ["a", 1], 30)
    cache.delete("missing")

    values = cache.get_values(["session", "missing", "row"])

    assert values == [cache.get("session"), cache.get("missing"), cache.get("row")]
    assert values == [{"user": "7"}, None, ["a", 1]]


def test_a_round_trip_replies_as_a_pipeline_does(redis_url):
    cache = ReusingRedisCache(redis_url, {"KEY_PREFIX": "test-trip"})
    keys = [cache.make_key(name) for name in ("a", "b", "seen", "seen-too")]
    cache.redis_client().delete(*keys)
    cache.set("a", 1, 30)
    pipe = cache.redis_client().pipeline(transaction=False)
    pipe.mget(keys[:2])
    pipe.set(keys[2], 1, ex=30, nx=True)
    pipe.set(keys[2], 1, ex=30, nx=True)
    piped = pipe.execute()

    replies = cache.round_trip(
        [
            ("MGET", *keys[:2]),
            ("SET", keys[3], 1, "EX", 30, "NX"),
            ("SET", keys[3], 1, "EX", 30, "NX"),
        ]
    )

    assert replies[0] == piped[0]
    assert [reply is not None for reply in replies[1:]] == [bool(r) for r in piped[1:]]
    assert [bool(reply) for reply in replies[1:]] == [True, False]


def test_a_round_trip_survives_a_dropped_connection(redis_url):
    cache = ReusingRedisCache(redis_url, {"KEY_PREFIX": "test-dropped"})
    cache.set("a", "kept", 30)
    cache.get_values(["a"])  # a pooled connection now exists
    cache.redis_client().client_kill_filter(_type="normal", skipme=True)

    assert cache.get_values(["a"]) == ["kept"]


def test_a_round_trip_raises_a_command_error_after_reading_every_reply(redis_url):
    cache = ReusingRedisCache(redis_url, {"KEY_PREFIX": "test-error"})
    cache.set("a", "text", 30)

    with pytest.raises(ResponseError):
        cache.round_trip([("INCR", cache.make_key("a")), ("GET", cache.make_key("a"))])
    assert cache.get_values(["a"]) == ["text"]
