import os
import socket
import uuid

import pytest
from django.core.cache import cache

from .admin_forms import staff_user
from .factories import add_section, make_article

# Runs side by side on one machine give each its own database (TEST_REDIS_URL), since clear()
# empties the whole database.
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads in each test land in a folder of its own, removed afterwards."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache, like a freshly started site."""
    cache.clear()


@pytest.fixture
def redis_cache(settings):
    """The cache in the local Redis, as production has it, under keys of this test's own."""
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        if os.environ.get("CI"):
            pytest.fail("Redis must run at 127.0.0.1:6379 in CI (.ci/run starts it).")
        pytest.skip("Redis is not running at 127.0.0.1:6379 on this machine.")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        }
    }
    yield
    cache.clear()


@pytest.fixture(params=["locmem", "redis"])
def backend(request):
    """Every invalidation test runs with the local-memory cache and with Redis."""
    if request.param == "redis":
        request.getfixturevalue("redis_cache")
    cache.clear()
    yield request.param
    cache.clear()


@pytest.fixture
def story():
    """A published article with a section, for the cache tests."""
    article = make_article("Cached story")
    add_section(article, "<p>First words.</p>")
    return article


@pytest.fixture
def editor(client, django_user_model):
    """An editor, logged in on ``client`` (some test modules define their own)."""
    user = staff_user(django_user_model, "Editor")
    client.force_login(user)
    return user
