"""
What used to trap an editor on the article form: buttons beside the read-also picker that
deleted the linked article, tags with quoting rules, a note about the server's time, pasted
Word bullets.
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from articles.models import Article, Section
from tests.admin_forms import change_url, staff_user
from tests.factories import add_link, add_section, make_article

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASTES = Path(__file__).parents[1] / "fixtures" / "paste"


@pytest.fixture
def story(django_user_model):
    staff_user(django_user_model, "Editor")
    # A draft: a live article's changes would be staged for review instead of saved.
    article = make_article("Ferry terminal to close for repairs", published=False)
    add_section(article, "<p>The terminal closes on Monday.</p>")
    add_link(article, make_article("Night ferries return", hours_ago=30))
    return article


def open_story(page, log_in, story):
    log_in(page, "editor")
    page.goto(change_url(story))
    return page


def open_read_also_links(page):
    """The article's own links are folded for an editor: open them as a person does."""
    page.locator("#related_links-group summary").first.click()
    expect(page.locator("#related_links-group table")).to_be_visible()


def test_read_also_picker_has_no_delete_button_and_the_row_is_removed_by_its_own_control(
    page, log_in, story, artifacts
):
    open_story(page, log_in, story)
    open_read_also_links(page)
    row = page.locator("#related_links-0")
    expect(row.locator(".related-widget-wrapper-link")).to_have_count(0)
    expect(page.locator(".field-translation_of .related-widget-wrapper-link")).to_have_count(0)
    delete = row.get_by_role("checkbox")
    delete.scroll_into_view_if_needed()
    expect(delete).to_be_visible()
    row.screenshot(path=artifacts / "screenshots" / "read-also-row.png")

    delete.check()
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_be_visible()
    assert not story.related_links.exists()
    assert Article.objects.filter(headline="Night ferries return").exists()


def test_read_also_picker_ranks_headlines_and_tells_drafts_from_published_stories(
    page, log_in, story
):
    make_article("Ferry fares", hours_ago=2)
    make_article("Ferry fares rise in spring", published=False)
    make_article("Why ferry fares matter", hours_ago=1)
    open_story(page, log_in, story)
    open_read_also_links(page)
    page.locator("#related_links-group .add-row a").click()
    page.locator("#related_links-1 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill("ferry")
    options = page.locator(".select2-results__option")
    expect(options.first).to_contain_text("Ferry fares (Published, ")
    texts = options.all_inner_texts()
    assert "Ferry fares rise in spring (Draft)" in texts
    assert not any(text.startswith(story.headline) for text in texts)
    assert texts.index("Ferry fares rise in spring (Draft)") < next(
        index for index, text in enumerate(texts) if text.startswith("Why ferry fares")
    )


def test_tags_are_picked_from_those_in_use_or_typed_new(page, log_in, story):
    make_article("Older story").tags.add("harbour", "Busan port authority")
    open_story(page, log_in, story)
    expect(page.locator(".field-tags")).not_to_contain_text("comma-separated")
    field = page.locator(".field-tags .select2-search__field")
    field.click()
    field.fill("port auth")
    page.locator(".select2-results__option", has_text="Busan port authority").click()
    field.fill("night ferry service")
    expect(page.locator(".select2-results__option", has_text="night ferry service")).to_be_visible()
    field.press("Enter")
    field.press_sequentially("fares,")  # a comma ends a tag too
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_be_visible()
    assert sorted(story.tags.names()) == ["Busan port authority", "fares", "night ferry service"]
    expect(page.locator(".field-tags .select2-selection__choice")).to_have_count(3)


def test_no_note_about_the_servers_time_for_an_editor_elsewhere(
    new_context, log_in, story, settings
):
    settings.TIME_ZONE = "Asia/Seoul"
    page = new_context(timezone_id="Europe/London").new_page()
    open_story(page, log_in, story)
    expect(page.locator(".datetimeshortcuts").first).to_be_attached()
    expect(page.locator(".timezonewarning")).to_have_count(0)
    expect(page.locator(".field-published_at")).to_contain_text(
        "Times are the newsroom's: Asia/Seoul."
    )
    page.goto(f"/admin/articles/article/{story.pk}/history/")  # another admin page, same rule
    expect(page.locator(".timezonewarning")).to_have_count(0)


def paste_html(page, selector, html):
    """What a browser does when the editor pastes: a paste event carrying text/html, at the
    caret the test has placed (a click here would move it to wherever the editor's middle is)."""
    page.locator(selector).evaluate(
        """(target, html) => {
            const data = new DataTransfer();
            data.setData('text/html', html);
            data.setData('text/plain', html.replace(/<[^>]+>/g, ''));
            target.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true,
                                                              cancelable: true}));
        }""",
        html,
    )


@pytest.mark.parametrize("name", ["word.html", "google_docs.html"])
def test_pasted_bullets_are_saved_as_lists_and_headings_as_subheads(page, log_in, story, name):
    open_story(page, log_in, story)
    editor = "#sections-0 [contenteditable=true]"
    page.locator(editor).click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    # The paste goes into the new empty paragraph the editor is in, as a person sees it.
    expect(page.locator(f"{editor} > p")).to_have_count(2)
    expect(page.locator(f"{editor} > p").last).to_have_text("")
    expect(page.locator(editor)).to_be_focused()
    paste_html(page, editor, (PASTES / name).read_text(encoding="utf-8"))
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_be_visible()
    body = Section.objects.get(article=story).body
    assert body.startswith("<p>The terminal closes on Monday.</p><h3>Ferry terminal repairs</h3>")
    assert "<h3>What the port says</h3>" in body
    for item in ["Boats leave from Nampo pier instead", "A shuttle bus runs every 20 minutes"]:
        assert re.search(rf"<li>(<p>)?{item}", body)
    assert "<ol><li>" in body
    assert "·" not in body and "<p></p>" not in body
