"""Two editors change the same article in two browsers: the later save is refused, not lost."""

import pytest
from playwright.sync_api import expect

from tests.admin_forms import reload, staff_user
from tests.factories import add_section, make_article

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_second_save_is_refused_and_keeps_what_was_typed(
    new_context, log_in, django_user_model
):
    article = make_article("Shared story about chip plants", published=False)
    add_section(article, "<p>The opening paragraph.</p>")
    pages = {}
    for name in ("kim", "lee"):
        staff_user(django_user_model, "Editor", username=name)
        pages[name] = log_in(new_context().new_page(), name)
        pages[name].goto(f"/admin/articles/article/{article.pk}/change/")
    kim, lee = pages["kim"], pages["lee"]

    kim.get_by_label("Headline:", exact=True).fill("Kim's headline")
    lee.get_by_label("Headline:", exact=True).fill("Lee's headline")
    lee.locator("#sections-0 [contenteditable=true]").click()
    lee.keyboard.press("End")
    lee.keyboard.type(" Lee's added sentence.")

    kim.get_by_role("button", name="Save and continue editing").click()
    expect(kim.locator(".messagelist .success")).to_contain_text("was changed successfully")

    lee.get_by_role("button", name="Save and continue editing").click()
    expect(lee.locator(".errornote")).to_be_visible()
    expect(lee.locator(".errorlist")).to_contain_text("kim saved this article at")
    expect(lee.get_by_label("Headline:", exact=True)).to_have_value("Lee's headline")
    expect(lee.locator("#sections-0 [contenteditable=true]")).to_have_text(
        "The opening paragraph. Lee's added sentence."
    )
    expect(lee.locator(".messagelist .success")).to_have_count(0)
    assert reload(article).headline == "Kim's headline"

    # Saving again after reading the message replaces Kim's version on purpose.
    lee.get_by_role("button", name="Save and continue editing").click()
    expect(lee.locator(".messagelist .success")).to_contain_text("was changed successfully")
    assert reload(article).headline == "Lee's headline"
    assert "Lee's added sentence." in reload(article).sections.get().body
