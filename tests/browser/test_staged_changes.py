"""
An editor's correction to a live article waits until it is published: saved without
publishing, previewed, then published, or discarded; readers see the live version until then.
"""

import re

import pytest
from playwright.sync_api import expect

from articles.models import StagedChange
from tests.admin_forms import change_url, reload, staff_user
from tests.factories import add_section, make_article

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BODY = "#sections-0 [contenteditable=true]"
LIVE = "Council passes the budget"
CORRECTED = "Council passes the budget, 7 to 2"


@pytest.fixture
def live(django_user_model):
    staff_user(django_user_model, "Editor")
    article = make_article(LIVE)
    add_section(article, "<p>The council voted 7 to 3.</p>")
    return article


@pytest.fixture
def reader(new_context):
    return new_context().new_page()


def stage_a_correction(page, log_in, live):
    log_in(page, "editor")
    page.goto(change_url(live))
    page.get_by_label("Headline:", exact=True).fill(CORRECTED)
    page.locator(BODY).click()
    page.keyboard.press("End")
    page.keyboard.type(" An earlier version said 7 to 3.")
    page.get_by_role("button", name="Save without publishing").click()
    expect(page.locator(".messagelist .success")).to_contain_text(
        "readers still see the published version"
    )


def test_an_editor_stages_previews_and_publishes_a_correction(
    page, reader, log_in, live, artifacts
):
    stage_a_correction(page, log_in, live)
    notice = page.get_by_role("region", name=re.compile("Unpublished changes by editor"))
    expect(notice).to_contain_text("readers see the published version")
    expect(page.get_by_label("Headline:", exact=True)).to_have_value(CORRECTED)
    page.screenshot(path=artifacts / "screenshots" / "staged-changes.png")
    reader.goto(live.get_absolute_url())
    expect(reader.locator("h1")).to_have_text(LIVE)

    with page.context.expect_page() as opened:
        notice.get_by_role("link", name="Preview changes").click()
    preview = opened.value
    expect(preview.locator("h1")).to_have_text(CORRECTED)
    expect(preview.locator("main")).to_contain_text("An earlier version said 7 to 3.")
    preview.screenshot(path=artifacts / "screenshots" / "staged-changes-preview.png")
    preview.close()

    page.get_by_role("button", name="Publish changes").click()
    expect(page.locator(".messagelist .success")).to_contain_text("Published:")
    expect(page.get_by_role("region", name=re.compile("Unpublished changes"))).to_have_count(0)
    reader.goto(reload(live).get_absolute_url())
    expect(reader.locator("h1")).to_have_text(CORRECTED)
    expect(reader.locator("main")).to_contain_text("An earlier version said 7 to 3.")
    assert not StagedChange.objects.exists()


def test_an_editor_discards_a_staged_correction(page, reader, log_in, live):
    stage_a_correction(page, log_in, live)
    page.get_by_role("button", name="Discard changes").click()
    expect(page.locator(".messagelist")).to_contain_text("The unpublished changes were discarded.")
    expect(page.get_by_label("Headline:", exact=True)).to_have_value(LIVE)
    expect(page.locator(BODY)).to_have_text("The council voted 7 to 3.")
    reader.goto(live.get_absolute_url())
    expect(reader.locator("h1")).to_have_text(LIVE)
    assert not StagedChange.objects.exists()
