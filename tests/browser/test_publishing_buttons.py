"""The change form's submit row offers each role the buttons it may press, and no more."""

import datetime

import pytest
from django.utils import timezone

from tests.admin_forms import staff_user
from tests.factories import add_section, make_article

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def submit_row(page):
    row = page.locator(".submit-row").first
    return row.locator("input[type=submit], button")


@pytest.mark.parametrize(
    "role, status, when, expected",
    [
        ("Writer", "draft", None, ["Save draft", "Submit for review"]),
        ("Editor", "review", None, ["Save draft", "Publish", "Schedule"]),
        ("Writer", "published", -1, ["Save without publishing"]),
        ("Editor", "published", -1, ["Save without publishing", "Publish changes", "Unpublish"]),
        ("Editor", "published", 24, ["Save draft", "Publish", "Schedule", "Unpublish"]),
    ],
    ids=["writer-draft", "editor-review", "writer-live", "editor-live", "editor-scheduled"],
)
def test_the_buttons_by_role_and_status(
    page, log_in, django_user_model, artifacts, role, status, when, expected
):
    user = staff_user(django_user_model, role)
    published_at = timezone.now() + datetime.timedelta(hours=when) if when else None
    article = make_article(
        "Buttons for every step",
        published=False,
        status=status,
        published_at=published_at,
        created_by=user,
    )
    add_section(article, "<p>A paragraph.</p>")
    log_in(page, user.username)
    page.goto(f"/admin/articles/article/{article.pk}/change/")

    values = submit_row(page).evaluate_all(
        "elements => elements.map(e => e.value && e.tagName == 'INPUT' ? e.value : e.textContent)"
    )
    assert [v for v in values if not v.startswith("Save and")] == expected
    row = page.locator(".submit-row").first
    row.scroll_into_view_if_needed()
    row.screenshot(
        path=artifacts / "screenshots" / f"submit-row-{role.lower()}-{status}-{when}.png"
    )
