"""The portal's Redis cache backend works against the real server and reuses its client object."""

import os
import uuid

import pytest

from portal.cache import PortalRedisCache


@pytest.mark.redis
def test_redis_cache_round_trip_with_one_client_per_pool():
    cache = PortalRedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    client = cache._cache.get_client()
    assert cache._cache.get_client(write=True) is client
    cache.set("a", {"x": 1}, 30)
    cache.set("n", 5, 30)
    assert cache.get("a") == {"x": 1}
    assert cache.get_many(["a", "n", "fehlt"]) == {"a": {"x": 1}, "n": 5}
    assert cache.incr("n") == 6
    cache.delete_many(["a", "n"])
    assert cache.get("a") is None
    assert cache._cache.get_client() is client
