import io
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, PngImagePlugin

from .admin_forms import staff_user
from .factories import make_article

pytestmark = pytest.mark.django_db


def production_environment(**extra):
    return {
        "PATH": os.environ["PATH"],
        "NEWSROOM_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "news.example.com",
        "DATABASE_URL": f"sqlite:///{settings.BASE_DIR / 'unused.sqlite3'}",
        **extra,
    }


def test_production_settings_pass_the_deployment_checklist():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=production_environment(),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    environment = production_environment()
    del environment["SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set in the environment in production." in result.stderr


def test_reader_pages_get_a_strict_content_security_policy(client):
    article = make_article()
    for url in ["/", article.get_absolute_url(), "/search/?q=x", "/feeds/rss/"]:
        policy = client.get(url)["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
        assert directives["script-src"] == "'none'"
        assert directives["default-src"] == "'self'"
        assert directives["frame-ancestors"] == "'none'"
        assert directives["object-src"] == "'none'"
        assert "unsafe-inline" not in policy and "http" not in policy


def test_the_admin_has_its_own_policy(client, django_user_model):
    client.force_login(staff_user(django_user_model, "Editor"))
    policy = client.get("/admin/articles/article/add/")["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy


def test_every_response_carries_the_protective_headers(client):
    response = client.get("/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_admin_logins_are_locked_after_repeated_failures(client, django_user_model):
    staff_user(django_user_model, "Editor", username="kim")
    statuses = [
        client.post("/admin/login/", {"username": "kim", "password": "wrong"}).status_code
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    locked = client.post("/admin/login/", {"username": "kim", "password": "a-long-test-password"})
    assert locked.status_code == 429
    assert not client.session.get("_auth_user_id")


def test_behind_the_load_balancer_one_client_cannot_lock_a_username_for_everyone(
    client, django_user_model, settings
):
    """The attack: every login came from the balancer's address, so five failures locked all."""
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    staff_user(django_user_model, "Editor", username="kim")
    balancer = {"REMOTE_ADDR": "10.0.0.2"}
    attacker = {**balancer, "HTTP_X_FORWARDED_FOR": "203.0.113.9"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/admin/login/", {"username": "kim", "password": "wrong"}, **attacker)
    # Naming another address in front of its own does not get the attacker a fresh count.
    spoofed = {**balancer, "HTTP_X_FORWARDED_FOR": "198.51.100.7, 203.0.113.9"}
    assert (
        client.post("/admin/login/", {"username": "kim", "password": "wrong"}, **spoofed)
    ).status_code == 429
    kim = {**balancer, "HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    response = client.post(
        "/admin/login/", {"username": "kim", "password": "a-long-test-password"}, **kim
    )
    assert response.status_code == 302


def polyglot_png():
    """A real PNG whose bytes also hold an HTML page with a script (in a text chunk)."""
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "<html><body><script>alert(document.cookie)</script></body></html>")
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 20, 30)).save(buffer, "PNG", pnginfo=info)
    return SimpleUploadedFile("innocent.png", buffer.getvalue(), content_type="image/png")


def test_a_polyglot_upload_is_stored_as_a_picture_only_and_served_as_one(client, settings):
    upload = polyglot_png()
    assert b"<script>" in upload.read()
    upload.seek(0)
    article = make_article(lead_image=upload, lead_image_alt="A square")
    settings.MEDIA_ROOT = article.lead_image.storage.location
    names = [article.lead_image.name] + [
        e[2] for entries in article.lead_image_renditions["widths"].values() for e in entries
    ]
    for name in names:
        response = client.get(article.lead_image.storage.url(name))
        body = b"".join(response.streaming_content)
        assert b"<script" not in body and b"<html" not in body
        assert response["Content-Type"] in {"image/png", "image/webp", "image/jpeg"}
        assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "environment, engine",
    [
        ({"REDIS_URL": "redis://cache.internal:6379/0"}, "cached_db"),
        ({}, "db"),
    ],
)
def test_sessions_are_shared_through_redis_when_the_cache_is(environment, engine):
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "--no-imports",
            "-c",
            "from django.conf import settings; print(settings.SESSION_ENGINE)",
        ],
        cwd=settings.BASE_DIR,
        env=production_environment(**environment),
        capture_output=True,
        text=True,
    )
    assert result.stdout.split() == [f"django.contrib.sessions.backends.{engine}"], result.stderr


def test_an_editor_stays_signed_in_when_the_shared_cache_is_flushed(
    client, redis_cache, settings, django_user_model
):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    editor = staff_user(django_user_model, "Editor")
    client.post("/admin/login/", {"username": editor.username, "password": "a-long-test-password"})
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert cache.get(f"django.contrib.sessions.cached_db{session_key}") is not None
    cache.clear()
    assert client.get("/admin/").status_code == 200
