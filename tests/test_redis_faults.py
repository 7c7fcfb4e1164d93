"""
Redis stopped and started under a running site: a Redis server of the test's own, on a
port of its own, with the cache configured as production configures it.
"""

import os
import shutil
import socket
import subprocess
import time

import pytest
import redis
from django.db import connection
from django.test.utils import CaptureQueriesContext

from newsroom import redis_cache

from .admin_forms import change_url, staff_user
from .factories import add_section, make_article

pytestmark = pytest.mark.django_db


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    def __init__(self, folder):
        self.folder = folder
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        command = ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port)]
        command += ["--save", "", "--appendonly", "no", "--dir", str(self.folder)]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        for _ in range(50):
            try:
                if self.client().ping():
                    return
            except redis.ConnectionError:
                time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)

    def client(self):
        return redis.Redis.from_url(self.url)

    def keys(self):
        return self.client().dbsize()


@pytest.fixture
def redis_server(tmp_path, settings):
    if not shutil.which("redis-server"):
        if os.environ.get("CI"):
            pytest.fail("redis-server must be installed in CI.")
        pytest.skip("redis-server is not installed on this machine.")
    server = RedisServer(tmp_path)
    server.start()
    settings.CACHES = {"default": {**redis_cache.settings_for(server.url), "KEY_PREFIX": "faults"}}
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    yield server
    if server.process.poll() is None:
        server.stop()


def test_reader_pages_answer_from_the_database_while_redis_is_down(client, redis_server, caplog):
    article = make_article("Budget passes after all-night session")
    add_section(article, "<p>The assembly voted at dawn.</p>")
    assert client.get(article.get_absolute_url()).status_code == 200
    assert redis_server.keys() > 0

    redis_server.stop()
    for path in (article.get_absolute_url(), "/", "/search/?q=budget"):
        response = client.get(path)
        assert response.status_code == 200, path
    assert "The assembly voted at dawn." in client.get(article.get_absolute_url()).text
    assert any(record.name == "django_redis.cache" for record in caplog.records)


def test_editors_stay_signed_in_while_redis_is_down(client, redis_server, django_user_model):
    client.force_login(staff_user(django_user_model, "Editor"))
    article = make_article("Desk notes", published=False)
    redis_server.stop()
    response = client.get(change_url(article))
    assert response.status_code == 200
    assert "Desk notes" in response.text


def page_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_the_cache_fills_again_when_redis_comes_back(client, redis_server):
    path = make_article("Typhoon passes east of Jeju").get_absolute_url()
    redis_server.stop()
    made_without_cache = page_queries(client, path)
    assert page_queries(client, path) == made_without_cache

    redis_server.start()
    page_queries(client, path)
    assert redis_server.keys() > 0
    assert page_queries(client, path) < made_without_cache
