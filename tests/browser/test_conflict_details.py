"""A refused save shows what the other editor changed; the history shows what each save changed."""

import pytest
from playwright.sync_api import expect

from tests.admin_forms import reload, staff_user
from tests.factories import add_section, make_article

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SAVE = "Save and continue editing"


def test_the_other_editors_dek_is_shown_kept_and_in_the_history(
    new_context, log_in, django_user_model, artifacts
):
    article = make_article("Shared story about chip plants", published=False, dek="Old dek.")
    add_section(article, "<p>The plant opens in May.</p>")
    pages = {}
    for name in ("kim", "lee"):
        staff_user(django_user_model, "Editor", username=name)
        pages[name] = log_in(new_context().new_page(), name)
    kim, lee = pages["kim"], pages["lee"]
    change = f"/admin/articles/article/{article.pk}/change/"
    kim.goto(change)
    kim.get_by_role("button", name=SAVE).click()
    lee.goto(change)

    kim.get_by_label("Dek:").fill("Kim's new dek, with the plant's opening date.")
    kim.get_by_role("button", name=SAVE).click()
    expect(kim.locator(".messagelist .success")).to_contain_text("was changed successfully")

    lee.get_by_label("Headline:", exact=True).fill("Lee's headline")
    lee.get_by_role("button", name=SAVE).click()
    expect(lee.locator(".errornote")).to_be_visible()
    expect(lee.locator(".errorlist").first).to_contain_text("They changed: Dek.")
    expect(lee.locator(".field-dek .errorlist")).to_contain_text("Before it was: “Old dek.”")
    expect(lee.get_by_label("Dek:")).to_have_value("Kim's new dek, with the plant's opening date.")
    expect(lee.get_by_label("Headline:", exact=True)).to_have_value("Lee's headline")
    lee.screenshot(path=artifacts / "screenshots" / "edit-conflict-details.png", full_page=False)

    lee.get_by_role("button", name=SAVE).click()
    expect(lee.locator(".messagelist .success")).to_contain_text("was changed successfully")
    stored = reload(article)
    assert stored.headline == "Lee's headline"
    assert stored.dek == "Kim's new dek, with the plant's opening date."

    lee.get_by_role("link", name="History").click()
    lee.get_by_role("link", name="What changed").nth(1).click()
    expect(lee.locator("dl dt")).to_have_text(["Dek"])
    expect(lee.locator("dl dd ins")).to_have_text(["Kim's new", ", with the plant's opening date"])
    lee.screenshot(path=artifacts / "screenshots" / "revision-changes.png", full_page=True)
