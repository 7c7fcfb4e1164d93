"""The article form as an editor meets it: the story first, rows take the focus, errors link."""

import pytest
from playwright.sync_api import expect

from articles.models import Article
from tests.admin_forms import staff_user
from tests.factories import add_footnote, add_section, make_article

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ADD = "/admin/articles/article/add/"


@pytest.fixture
def editor_page(new_context, log_in, django_user_model):
    staff_user(django_user_model, "Editor")
    page = new_context(viewport={"width": 1280, "height": 800}).new_page()
    return log_in(page, "editor")


def in_page_order(page, selectors):
    """Whether the first element of each selector comes after the one before in the page."""
    return page.evaluate(
        """(selectors) => selectors.map((s) => document.querySelector(s)).every(
            (element, i, all) => i === 0
                || (all[i - 1].compareDocumentPosition(element) & Node.DOCUMENT_POSITION_FOLLOWING)
        )""",
        selectors,
    )


def test_the_form_starts_with_the_story(editor_page, artifacts):
    page = editor_page
    page.goto(ADD)
    editor = page.locator("#sections-0 [contenteditable=true]")
    expect(editor).to_be_visible()
    page.screenshot(path=artifacts / "screenshots" / "article-form-add.png")
    page.screenshot(path=artifacts / "screenshots" / "article-form-add-full.png", full_page=True)
    order = [
        "#id_headline",
        "#id_dek",
        ".field-lead_picture",
        "#sections-group",
        "#footnotes-group",
        ".field-published_at",
        "#bylines-group",
        ".field-checks",
        ".field-language",
        ".field-reading_lists",
        "#related_links-group",
        "#corrections-group",
    ]
    assert in_page_order(page, order)
    # The rarely changed settings are folded; the story's first section is open to write in.
    for folded in (".field-language", ".field-reading_lists", "#related_links-group table"):
        expect(page.locator(folded)).to_be_hidden()
    expect(page.locator("#sections-group .inline-related:not(.empty-form)")).to_have_count(1)
    expect(page.get_by_label("Heading, section 1")).to_be_visible()

    # The figure waits behind "Add a figure".
    figure = page.locator("#sections-0 .field-figure .select2-selection")
    expect(figure).to_be_hidden()
    page.locator("#sections-0").get_by_text("Add a figure").click()
    expect(figure).to_be_visible()
    expect(figure).to_have_accessible_name("Figure, section 1")


def test_the_body_editor_grows_with_its_text(editor_page):
    page = editor_page
    page.goto(ADD)
    editor = page.locator("#sections-0 [contenteditable=true]")
    expect(editor).to_have_accessible_name("Body, section 1")
    before = editor.bounding_box()["height"]
    editor.click()
    for number in range(12):
        page.keyboard.type(f"Paragraph {number} of a story that goes on.")
        page.keyboard.press("Enter")
    after = editor.bounding_box()["height"]
    assert after > before * 2
    assert editor.evaluate("e => e.scrollHeight <= e.clientHeight + 1")


def test_disabled_toolbar_buttons_are_out_of_the_tab_order(editor_page):
    page = editor_page
    page.goto(ADD)
    toolbar = page.locator("#sections-0 .prose-menubar")
    expect(toolbar.locator(".prose-menubar__button").first).to_be_attached()
    disabled = toolbar.locator(".prose-menubar__button.disabled:not(.active)")
    assert disabled.count() > 0
    for index in range(disabled.count()):
        expect(disabled.nth(index)).to_have_attribute("tabindex", "-1")
    page.locator("#sections-0 [contenteditable=true]").click()
    page.keyboard.type("Some words to undo.")
    undo = toolbar.locator(".prose-menubar__button:not(.disabled)[title*='Undo' i]")
    expect(undo).to_have_count(1)
    expect(undo).not_to_have_attribute("tabindex", "-1")


def test_a_row_added_takes_the_focus(editor_page):
    page = editor_page
    page.goto(ADD)
    page.get_by_role("button", name="Add another Section").click()
    expect(page.locator("#id_sections-1-heading")).to_be_focused()
    page.get_by_role("button", name="Add another Footnote").click()
    expect(page.locator("#id_footnotes-0-key")).to_be_focused()
    page.get_by_role("button", name="Add another Author").click()
    picker = page.locator("#bylines-0 .select2-selection")
    expect(picker).to_be_focused()
    expect(picker).to_have_accessible_name("Author, new byline")


def test_an_untouched_first_section_is_not_saved(editor_page):
    page = editor_page
    page.goto(ADD)
    page.get_by_label("Headline:", exact=True).fill("Only a headline so far")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert not Article.objects.get(headline="Only a headline so far").sections.exists()


def test_the_error_summary_links_to_each_field(editor_page, artifacts):
    page = editor_page
    article = make_article("Chips and the three-year test", published=False)
    add_footnote(article, "kim2021", title="Learning from abroad")
    add_section(article, "<p>Opening claim.[^kim2021]</p>")
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    page.get_by_label("Headline:", exact=True).fill("")
    page.locator("#sections-0 [contenteditable=true]").click()
    page.keyboard.press("End")
    page.keyboard.type(" Another claim.[^nobody]")
    page.get_by_role("button", name="Save and continue editing").click()

    summary = page.get_by_role("navigation", name="errors to correct")
    expect(summary).to_be_visible()
    page.screenshot(path=artifacts / "screenshots" / "article-form-errors.png")
    headline = summary.get_by_role("link", name="Headline")
    body = summary.get_by_role("link", name="Section 1 › Body")
    expect(headline).to_have_attribute("href", "#id_headline")
    body.click()
    expect(page.locator("#sections-0 [contenteditable=true]")).to_be_focused()
    headline.click()
    expect(page.locator("#id_headline")).to_be_focused()
