"""An editor writes an article in the admin, previews it and publishes it."""

import re

import pytest
from playwright.sync_api import expect

from tests.admin_forms import staff_user
from tests.factories import make_article
from tests.pictures import photo

from .showing import loaded

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

HEADLINE = "Kim's survey counts forty chip plants"
DEK = "The first count of the country's chip plants finds most of them near Seoul."


def type_into_editor(page, section_row, text):
    """Click into a section's rich-text editor (a ProseMirror contenteditable) and type."""
    page.locator(f"#{section_row} [contenteditable=true]").click()
    page.keyboard.type(text)


def choose_in_autocomplete(page, row, typed, choice):
    """Open a select2 autocomplete, type a few letters, pick a result."""
    page.locator(f"#{row} .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(typed)
    page.locator(".select2-results__option", has_text=choice).click()


def upload_lead_picture(page, alt):
    """Upload a picture through the lead picture's "+" popup; the form then has it chosen."""
    picture = photo(size=(800, 450), name="plant.jpg")
    with page.expect_popup() as opened:
        page.locator("#add_id_lead_picture").click()
    popup = opened.value
    popup.get_by_label("File:", exact=True).set_input_files(
        files=[{"name": "plant.jpg", "mimeType": "image/jpeg", "buffer": picture.read()}]
    )
    popup.get_by_label("Alt text:", exact=True).fill(alt)
    popup.get_by_role("button", name="Save", exact=True).click()
    popup.wait_for_event("close")
    expect(page.locator("#select2-id_lead_picture-container")).to_contain_text(alt)


def test_an_editor_writes_previews_and_publishes_an_article(
    live_server, page, log_in, django_user_model, serve_media
):
    make_article("Chip subsidies, explained")
    staff_user(django_user_model, "Editor")
    log_in(page, "editor")

    page.get_by_role("link", name="Articles", exact=True).click()
    page.get_by_role("link", name="Add article").click()
    expect(page.get_by_role("heading", name="Add article")).to_be_visible()

    page.get_by_label("Headline:", exact=True).fill(HEADLINE)
    page.get_by_label("Dek:", exact=True).fill(DEK)
    upload_lead_picture(page, "Rows of clean-room suits in a chip plant")

    page.get_by_role("button", name="Add another Footnote").click()
    page.locator("#id_footnotes-0-key").fill("kim")
    page.locator("#id_footnotes-0-authors").fill("Kim, J.")
    page.locator("#id_footnotes-0-title").fill("A census of semiconductor plants")

    # The first section is there to write in.
    page.get_by_role("button", name="Add another Section").click()
    type_into_editor(page, "sections-0", "The survey counted forty plants.[^kim]")
    page.locator("#id_sections-1-heading").fill("Power")
    type_into_editor(page, "sections-1", "Together they use a tenth of the grid.[^kim]")

    page.get_by_text("Read-also links (this article's own, in order)").click()  # unfold
    page.get_by_role("button", name="Add another Read-also link").click()
    choose_in_autocomplete(page, "related_links-0", "subsid", "Chip subsidies, explained")

    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist .success")).to_contain_text("was added successfully")
    expect(page.locator(".errorlist")).to_have_count(0)
    expect(page.locator(".field-citable_notes")).to_contain_text("[^kim]")
    expect(page.locator(".field-status_label")).to_contain_text("Draft")

    page.get_by_role("link", name="Preview as readers will see it").click()
    expect(page.get_by_role("status")).to_contain_text("readers cannot see this article yet")
    expect(page.get_by_role("heading", level=1)).to_have_text(HEADLINE)
    lead = page.get_by_role("img", name="Rows of clean-room suits in a chip plant")
    expect(lead).to_be_visible()
    assert loaded(lead), "lead image not loaded"
    expect(page.locator("a[role=doc-noteref]")).to_have_count(2)
    page.go_back()

    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.locator(".messagelist .success")).to_contain_text("Published:")
    expect(page.locator(".field-status_label")).to_contain_text("Published")
    expect(page.get_by_role("button", name="Unpublish")).to_be_visible()

    page.locator(".messagelist .success a").click()
    expect(page).to_have_url(
        re.compile(r"/\d{4}/\d{1,2}/\d{1,2}/kims-survey-counts-forty-chip-plants/$")
    )
    expect(page.get_by_role("status")).to_have_count(0)  # no preview banner
    expect(page.get_by_role("heading", level=1)).to_have_text(HEADLINE)
    expect(page.locator(".dek")).to_have_text(DEK)
    expect(page.get_by_role("img", name="Rows of clean-room suits in a chip plant")).to_be_visible()

    refs = page.locator("a[role=doc-noteref]")
    expect(refs).to_have_text(["1", "1"])
    assert [refs.nth(i).get_attribute("href") for i in range(2)] == ["#note-1", "#note-1"]
    note = page.locator("#note-1")
    expect(note).to_contain_text("A census of semiconductor plants")
    backlinks = note.locator("a[role=doc-backlink]")
    expect(backlinks).to_have_text(["↩a", "↩b"])
    assert [backlinks.nth(i).get_attribute("aria-label") for i in range(2)] == [
        "Back to citation 1a",
        "Back to citation 1b",
    ]
    assert [backlinks.nth(i).get_attribute("href") for i in range(2)] == [
        "#cite-1",
        "#cite-1-2",
    ]
    read_also = page.get_by_role("complementary", name="Read also")
    expect(read_also.get_by_role("link")).to_have_text(["Chip subsidies, explained"])


def test_an_untitled_section_is_named_without_a_number_that_could_disagree(
    page, log_in, django_user_model
):
    """Stored positions start at 0 or 1 depending on who saved them: the heading uses none."""
    staff_user(django_user_model, "Editor")
    log_in(page, "editor")
    page.goto("/admin/articles/article/add/")
    page.get_by_label("Headline:", exact=True).fill("Two sections, the first untitled")
    page.get_by_role("button", name="Add another Section").click()
    type_into_editor(page, "sections-0", "The opening paragraph.")
    page.locator("#id_sections-1-heading").fill("Power")
    type_into_editor(page, "sections-1", "The second paragraph.")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist .success")).to_contain_text("was added successfully")
    expect(page.locator("#sections-group .inline-related.has_original")).to_have_count(2)
    expect(page.locator("#sections-group .inline-related.has_original > h3")).to_have_text(
        [re.compile(r"Section:\s+Section without a heading"), re.compile(r"Section:\s+Power\b")]
    )
