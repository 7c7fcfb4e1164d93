"""
The shared cache in Redis, through django-redis: with IGNORE_EXCEPTIONS a Redis that is
down or unreachable makes every cache call a miss (and a logged warning), so reader pages
are made from the database instead of failing, and sessions are read from the database
(docs/performance.md, "Redis down").
"""

from django_redis.cache import RedisCache


def settings_for(url):
    """The CACHES entry for the Redis at ``url``."""
    return {
        "BACKEND": "newsroom.redis_cache.IndependentMissesRedisCache",
        "LOCATION": url,
        # A stopped server refuses at once; these bound a host that does not answer at all.
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 0.5,
            "SOCKET_TIMEOUT": 0.5,
        },
    }


class IndependentMissesRedisCache(RedisCache):
    """
    django-redis answers a failed get_many() with one dict object shared by every call;
    a caller that fills in what it missed would fill it for all later callers. Each call
    gets its own.
    """

    def get_many(self, *args, **kwargs):
        return dict(super().get_many(*args, **kwargs))
