"""
Browser tests: Playwright (sync API) drives Debian's Chromium against pytest-django's live_server.

Run them with `make test-browser` (or `pytest -m browser tests/browser`). They need
/usr/bin/chromium; without it every test here is skipped with the reason.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from articles.demo import load_demo
from articles.models import Article

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "a-long-test-password"
# Screenshots and the admin's axe report land here (make clean removes build/).
ARTIFACTS = Path(os.environ.get("NEWSROOM_BROWSER_ARTIFACTS", Path(__file__).parents[2] / "build"))


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)
            if not CHROMIUM.exists():
                item.add_marker(
                    pytest.mark.skip(
                        reason=f"{CHROMIUM} is not installed (apt-get install chromium)"
                    )
                )


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the session; Playwright gives it a fresh temporary profile."""
    # Playwright's sync API runs an event loop in the test's thread; Django would then refuse
    # every database query the tests make (pytest-django documents this setting). Set only
    # while the browser runs, so the rest of the suite keeps Django's check.
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if before is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


@pytest.fixture
def new_context(browser, live_server):
    """
    Open browser contexts on the live server (separate cookie jars: separate people); all
    are closed after the test.
    """
    contexts = []

    def open_context(**options):
        options.setdefault("viewport", {"width": 1280, "height": 900})
        options.setdefault("base_url", live_server.url)
        context = browser.new_context(**options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    return new_context().new_page()


@pytest.fixture
def serve_media(settings):
    """live_server does not serve uploads: this URLconf does, from the test's MEDIA_ROOT."""
    settings.ROOT_URLCONF = "tests.browser.urls"


@pytest.fixture
def artifacts():
    (ARTIFACTS / "screenshots").mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def log_in():
    """Log in through the admin's login form, as a person does."""

    def log_in_as(page, username, password=PASSWORD):
        page.goto("/admin/login/?next=/admin/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url("/admin/")
        return page

    return log_in_as


@pytest.fixture
def demo_articles(serve_media):
    """The demo site: six published articles with their pictures (articles.demo)."""
    load_demo()
    return list(Article.objects.published().order_by("-published_at"))
