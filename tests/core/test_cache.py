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
