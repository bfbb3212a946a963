"""A Redis cache that degrades instead of failing when Redis is unreachable.

The cache holds only what can be recomputed or lost (API throttle counters, small memoized
values); the broker is the same Redis. With Django's plain ``RedisCache`` a Redis outage
turns every throttled API request into a 500. Here a connection error or timeout is logged
(at most once a minute) and the call behaves as a miss: ``get`` returns the default, writes
are dropped. Short socket timeouts keep a request from hanging on an unreachable host.

Use it with ``CACHES = {"default": {"BACKEND": "config.cache.ResilientRedisCache", "LOCATION": REDIS_URL}}``.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
OUTAGE = (RedisConnectionError, RedisTimeoutError, ConnectionError, TimeoutError)
_last_warning = [0.0]


def _warn(exc: BaseException) -> None:
    now = time.monotonic()
    if now - _last_warning[0] > 60:
        _last_warning[0] = now
        logger.warning("cache unavailable, serving without it: %s", exc)


def _degrading(name: str, fallback: Callable[..., Any]) -> Callable[..., Any]:
    method = getattr(RedisCache, name)

    @functools.wraps(method)
    def wrapper(self: RedisCache, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except OUTAGE as exc:
            _warn(exc)
            return fallback(*args, **kwargs)

    return wrapper


def _default(key: Any, default: Any = None, *args: Any, **kwargs: Any) -> Any:
    return default


class ReusingRedisCacheClient(RedisCacheClient):
    """Django's client wraps its connection pool in a new ``redis.Redis`` for every operation,
    which registers some 170 response callbacks each time — most of a cache call's CPU. One
    ``redis.Redis`` per pool is enough: it takes a connection from the pool for each command."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    """``RedisCache`` whose operations act as misses (or no-ops) while Redis is unreachable."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        options = dict(params.get("OPTIONS") or {})
        options.setdefault("socket_connect_timeout", 1)
        options.setdefault("socket_timeout", 1)
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = ReusingRedisCacheClient

    get = _degrading("get", _default)
    set = _degrading("set", lambda *a, **k: None)
    add = _degrading("add", lambda *a, **k: False)
    touch = _degrading("touch", lambda *a, **k: False)
    delete = _degrading("delete", lambda *a, **k: False)
    has_key = _degrading("has_key", lambda *a, **k: False)
    get_many = _degrading("get_many", lambda *a, **k: {})
    set_many = _degrading("set_many", lambda keys, *a, **k: list(keys))
    delete_many = _degrading("delete_many", lambda *a, **k: None)
    clear = _degrading("clear", lambda *a, **k: False)
    incr = _degrading("incr", lambda key, delta=1, *a, **k: delta)
