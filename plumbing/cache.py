"""The cache backend of production: Django's Redis cache, which a Redis that is down or hangs never
turns into an error page (issue 8, "Redis down: every page still works").

Everything in the cache can be made again or done without: the dashboard's figures are computed
afresh, the rate limits (ours and allauth's) let requests through, and a used two-step code is not
remembered for its 30 seconds. So when Redis cannot be reached a read answers "not cached", a write
is dropped, and the failure is logged. After a failure this process leaves Redis alone for
``PAUSE_SECONDS``: a Redis that hangs costs its socket timeout (``OPTIONS`` in the settings) once,
not on every cache call of every request.
"""

from __future__ import annotations

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

PAUSE_SECONDS = 10.0


def _errors() -> tuple[type[BaseException], ...]:
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    return (RedisConnectionError, RedisTimeoutError, OSError)


class ResilientRedisCache(RedisCache):
    """``django.core.cache.backends.redis.RedisCache`` that answers as an empty cache while Redis
    cannot be reached."""

    _down_until = 0.0  # per process (class attribute), shared by every alias and thread

    def _call(self, name: str, default, *args, **kwargs):
        cls = type(self)
        if time.monotonic() < cls._down_until:
            return default
        try:
            return getattr(super(), name)(*args, **kwargs)
        except _errors() as error:
            cls._down_until = time.monotonic() + PAUSE_SECONDS
            logger.warning("cache: Redis cannot be reached (%s); going on without the cache", error)
            return default

    @classmethod
    def pause_reset(cls) -> None:
        """Try Redis again on the next call (tests; Redis known to be back)."""
        cls._down_until = 0.0

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        # True: a lock or a "first use" taken while Redis is down must not block the person.
        return self._call("add", True, key, value, timeout, version=version)

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version=version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version=version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version=version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version=version)

    def incr(self, key, delta=1, version=None):
        # As if the counter had just started: a rate limit lets the request through.
        return self._call("incr", delta, key, delta, version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", [], data, timeout, version=version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version=version)

    def clear(self):
        return self._call("clear", None)
