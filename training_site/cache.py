"""Redis as a cache the site can lose: while Redis does not answer, every read is a miss
and every write is skipped, so pages are served from the database alone.

Sessions (cached_db) then read and write the database, Wagtail finds its site root there
and template fragments are drawn anew. After a failure the cache is not asked again for
`RETRY_AFTER_SECONDS`, so a page with many cache calls pays one timeout, not one each, and
the log gets one line for it. docs/deploy.md, "Faults", says what else this means (rate
limits, fragments kept while pages changed).
"""

import logging
import time

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

OUTAGE_ERRORS = (RedisConnectionError, RedisTimeoutError)
RETRY_AFTER_SECONDS = 5.0
# Redis on the local network answers within a millisecond: give up on it quickly.
SOCKET_TIMEOUTS = {"socket_connect_timeout": 0.25, "socket_timeout": 0.5}

# Until when each Redis (by its location) is left alone, for every thread of the process:
# Django gives each thread its own cache object.
_left_alone_until: dict[str, float] = {}


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        params = {**params, "OPTIONS": {**SOCKET_TIMEOUTS, **params.get("OPTIONS", {})}}
        super().__init__(server, params)
        self._location = ",".join(self._servers)

    def is_reachable(self) -> bool:
        """Whether Redis answers now (for /health/), asked even while it is left alone."""
        try:
            self._cache.get_client(write=True).ping()
        except OUTAGE_ERRORS as error:
            self._unreachable(error)
            return False
        _left_alone_until.pop(self._location, None)
        return True

    def _call(self, operation, *args, fallback, **kwargs):
        if time.monotonic() < _left_alone_until.get(self._location, 0.0):
            return fallback
        try:
            return operation(*args, **kwargs)
        except OUTAGE_ERRORS as error:
            self._unreachable(error)
            return fallback

    def _unreachable(self, error: Exception) -> None:
        _left_alone_until[self._location] = time.monotonic() + RETRY_AFTER_SECONDS
        # No traceback: the outage filter (training_site/log_outages.py) keeps this one line.
        logger.warning(
            "Redis cache unreachable (%s: %s); serving without it for %s s",
            type(error).__name__,
            error,
            RETRY_AFTER_SECONDS,
        )

    def get(self, key, default=None, version=None):
        return self._call(super().get, key, default, version=version, fallback=default)

    def get_many(self, keys, version=None):
        return self._call(super().get_many, keys, version=version, fallback={})

    def has_key(self, key, version=None):
        return self._call(super().has_key, key, version=version, fallback=False)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        # True, as if added: allauth takes its rate-limit lock with add() and, refused,
        # would wait a second and then refuse the log-in.
        return self._call(super().add, key, value, timeout, version=version, fallback=True)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().set, key, value, timeout, version=version, fallback=None)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().set_many, data, timeout, version=version, fallback=list(data))

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().touch, key, timeout, version=version, fallback=False)

    def delete(self, key, version=None):
        return self._call(super().delete, key, version=version, fallback=False)

    def delete_many(self, keys, version=None):
        return self._call(super().delete_many, keys, version=version, fallback=None)

    def incr(self, key, delta=1, version=None):
        missing = object()
        value = self._call(super().incr, key, delta, version=version, fallback=missing)
        if value is missing:
            raise ValueError(f"Key '{key}' not found")  # as for any key the cache lacks
        return value

    def clear(self):
        return self._call(super().clear, fallback=False)
