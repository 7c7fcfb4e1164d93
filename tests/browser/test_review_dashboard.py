"""An editor finds the articles waiting for review on the admin's index page."""

import pytest
from playwright.sync_api import expect

from articles.models import Article
from tests.admin_forms import staff_user
from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_articles_waiting_for_review_head_the_dashboard(page, log_in, django_user_model, artifacts):
    writer = staff_user(django_user_model, "Writer", username="writer-kim")
    make_article(
        "Council votes on the budget",
        status=Article.Status.REVIEW,
        published=False,
        updated_by=writer,
    )
    staff_user(django_user_model, "Editor")
    log_in(page, "editor")

    waiting = page.get_by_role("table", name="Waiting for review")
    expect(waiting.get_by_role("row")).to_have_count(2)
    expect(waiting).to_contain_text("writer-kim")
    page.screenshot(path=artifacts / "screenshots" / "waiting-for-review.png")
    waiting.get_by_role("link", name="Council votes on the budget").click()
    expect(page.get_by_label("Headline:", exact=True)).to_have_value("Council votes on the budget")
