"""A writer finds no way to publish, and a hand-made publish request is refused."""

import pytest
from playwright.sync_api import expect

from articles.models import Article
from tests.admin_forms import reload, staff_user
from tests.factories import add_section, make_article

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def draft(django_user_model):
    writer = staff_user(django_user_model, "Writer")
    article = make_article("A writer's own draft", published=False, created_by=writer)
    add_section(article, "<p>Finished, the writer thinks.</p>")
    return article


def test_a_writer_sees_no_publish_control(page, log_in, draft):
    log_in(page, "writer")
    page.get_by_role("link", name="Articles", exact=True).click()

    expect(page.get_by_role("link", name=draft.headline)).to_be_visible()
    # Writers have no bulk action at all (publish, unpublish and delete are not theirs).
    expect(page.locator("select[name=action] option", has_text="ublish")).to_have_count(0)
    expect(page.get_by_text("Publish selected articles now")).to_have_count(0)

    page.get_by_role("link", name=draft.headline).click()
    expect(page.locator(".submit-row input, .submit-row button")).to_have_text(
        ["Save draft", "Submit for review", "Save and continue editing"]
    )
    expect(page.get_by_role("button", name="Save draft")).to_be_visible()
    expect(page.get_by_role("button", name="Publish")).to_have_count(0)
    expect(page.get_by_role("button", name="Schedule")).to_have_count(0)
    expect(page.locator("#id_published_at_0")).to_have_count(0)  # publication time: read-only


def test_a_forged_publish_is_refused(page, log_in, draft):
    log_in(page, "writer")

    # The change form, with a Publish button added to its submit row by hand.
    page.goto(f"/admin/articles/article/{draft.pk}/change/")
    page.get_by_role("button", name="Submit for review").evaluate(
        "button => { button.value = 'publish'; button.textContent = 'Publish'; }"
    )
    page.get_by_label("Headline:", exact=True).fill("Changed on the way out")
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("heading", name="403 Forbidden")).to_be_visible()
    assert (reload(draft).status, reload(draft).headline) == (
        Article.Status.DRAFT,
        "A writer's own draft",
    )
    page.go_back()

    # The list's bulk action, posted from the writer's session with a valid CSRF token.
    token = page.locator("input[name=csrfmiddlewaretoken]").first.input_value()
    response = page.request.post(
        "/admin/articles/article/",
        form={
            "csrfmiddlewaretoken": token,
            "action": "publish",
            "_selected_action": str(draft.pk),
            "index": "0",
        },
    )
    assert response.ok, response.status
    assert reload(draft).status == Article.Status.DRAFT
