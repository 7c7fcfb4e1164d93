import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

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
