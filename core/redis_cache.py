"""Django's Redis cache, with one client per connection pool rather than one made
for every call: Django's own builds a `redis.Redis` on each get and set, a cost
every signed-in page paid for its session (the sessions live in this cache). The
pools, the connections and everything else are Django's."""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient

DJANGO_BACKEND = "django.core.cache.backends.redis.RedisCache"


class _ClientKept(RedisCacheClient):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            if index not in self._pools:
                self._pools[index] = self._pool_class.from_url(
                    self._servers[index], **self._pool_options
                )
            client = self._client(connection_pool=self._pools[index])
            self._clients[index] = client
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = _ClientKept


def kept_clients(cache: dict) -> dict:
    """A CACHES entry, on this backend if it named Django's Redis cache."""
    if cache.get("BACKEND") == DJANGO_BACKEND:
        return cache | {"BACKEND": "core.redis_cache.RedisCache"}
    return cache
