"""core.redis_cache: Django's Redis cache with its clients kept, against the real
Redis that the deployment and CI run (127.0.0.1:6379)."""

import socket

import pytest

from core.redis_cache import RedisCache, kept_clients


def redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.fixture
def cache():
    if not redis_up():
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    cache = RedisCache("redis://127.0.0.1:6379/9", {"KEY_PREFIX": "test-kept"})
    yield cache
    cache.delete_many(["a", "b"])


def test_one_client_serves_every_call_and_the_values_are_redis_own(cache):
    cache.set("a", {"one": 1})
    assert cache.get("a") == {"one": 1}
    assert cache.add("b", 2) is True
    assert cache.add("b", 3) is False
    assert cache.get_many(["a", "b"]) == {"a": {"one": 1}, "b": 2}
    client = cache._cache.get_client()
    assert cache._cache.get_client(write=True) is client
    cache.delete("a")
    assert cache.get("a") is None


def test_only_djangos_redis_cache_is_swapped():
    redis = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "x"}
    assert kept_clients(redis) == redis | {"BACKEND": "core.redis_cache.RedisCache"}
    locmem = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    assert kept_clients(locmem) == locmem
