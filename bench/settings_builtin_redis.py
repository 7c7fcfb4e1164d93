"""The production settings with Django's built-in Redis cache instead of django-redis."""

from newsroom.settings import *  # noqa: F403

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": CACHES["default"]["LOCATION"],  # noqa: F405
        "KEY_PREFIX": CACHES["default"]["KEY_PREFIX"],  # noqa: F405
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
}
