"""An editor's unsaved work in the article form: asked before it is left, previewed, autosaved."""

import re

import pytest
from playwright.sync_api import expect

from articles.autosave import Autosave
from tests.admin_forms import change_url, reload, staff_user
from tests.factories import add_section, make_article

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BODY = "#sections-0 [contenteditable=true]"


@pytest.fixture
def draft(django_user_model):
    editor = staff_user(django_user_model, "Editor")
    article = make_article("Chip plants draft", published=False, created_by=editor)
    add_section(article, "<p>The saved paragraph.</p>")
    return article


@pytest.fixture
def editing(page, log_in, draft):
    log_in(page, "editor")
    page.goto(change_url(draft))
    page.wait_for_load_state("load")
    return page


def prompts_when_leaving(page):
    """Follow the breadcrumbs' link away; whether the browser asked first (and stay if it did)."""
    dialogs = []

    def stay(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)
    page.get_by_role("link", name="Articles", exact=True).last.click()
    page.wait_for_timeout(500)
    page.remove_listener("dialog", stay)
    return dialogs == ["beforeunload"]


def test_leaving_asks_first_only_when_something_changed(editing, draft):
    editing.get_by_label("Headline:", exact=True).click()  # a click, but no change
    assert not prompts_when_leaving(editing)
    expect(editing).to_have_url(re.compile(r"/admin/articles/article/$"))

    editing.goto(change_url(draft))
    editing.wait_for_load_state("load")
    editing.locator(BODY).click()
    editing.keyboard.press("End")
    editing.keyboard.type(" One more sentence.")
    assert prompts_when_leaving(editing)
    expect(editing).to_have_url(re.compile(rf"{change_url(draft)}$"))
    expect(editing.locator(BODY)).to_have_text("The saved paragraph. One more sentence.")

    # Saving is not leaving.
    editing.on("dialog", lambda dialog: pytest.fail(f"asked on saving: {dialog.type}"))
    editing.get_by_role("button", name="Save and continue editing").click()
    expect(editing.locator(".messagelist .success")).to_contain_text("was changed successfully")


def test_enter_in_a_one_line_field_does_not_submit(editing, draft):
    headline = editing.get_by_label("Headline:", exact=True)
    headline.fill("Typed, then Enter pressed")
    headline.press("Enter")
    editing.wait_for_timeout(800)
    expect(editing).to_have_url(re.compile(rf"{change_url(draft)}$"))
    expect(editing.locator(".messagelist")).to_have_count(0)
    expect(headline).to_have_value("Typed, then Enter pressed")
    assert len(editing.context.pages) == 1, "Enter opened the preview"
    assert reload(draft).headline == "Chip plants draft"


def test_preview_shows_the_unsaved_form_in_a_new_tab(editing, draft, artifacts):
    editing.get_by_label("Headline:", exact=True).fill("Chip plants, as typed just now")
    editing.locator(BODY).click()
    editing.keyboard.press("End")
    editing.keyboard.type(" A sentence not saved yet.")
    editing.get_by_role("button", name="Add another Section").click()
    editing.locator("#sections-1 [contenteditable=true]").click()
    editing.keyboard.type("A whole new section.")
    editing.screenshot(path=artifacts / "screenshots" / "form-toolbar.png")

    with editing.context.expect_page() as opened:
        editing.get_by_role("button", name="Preview", exact=True).click()
    preview = opened.value
    preview.wait_for_load_state()
    expect(preview.get_by_role("heading", level=1)).to_have_text("Chip plants, as typed just now")
    story = preview.locator("main")
    expect(story).to_contain_text("The saved paragraph. A sentence not saved yet.")
    expect(story).to_contain_text("A whole new section.")
    preview.screenshot(path=artifacts / "screenshots" / "preview-unsaved.png", full_page=True)

    # The form stayed, with its changes; nothing was saved.
    expect(editing.get_by_label("Headline:", exact=True)).to_have_value(
        "Chip plants, as typed just now"
    )
    assert reload(draft).headline == "Chip plants draft"
    assert reload(draft).sections.count() == 1


def test_the_shared_link_is_copied_without_leaving_the_form(new_context, log_in, draft):
    context = new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = log_in(context.new_page(), "editor")
    page.goto(change_url(draft))
    page.get_by_role("button", name="Copy shareable link").click()
    expect(page.locator(".field-preview_links [role=status]")).to_have_text("Link copied.")
    expect(page).to_have_url(re.compile(rf"{change_url(draft)}$"))
    copied = page.evaluate("navigator.clipboard.readText()")
    assert re.search(r"/preview/shared/[^/]+/$", copied)


def test_autosave_after_a_crash_offers_the_text_and_restores_it(
    new_context, log_in, draft, artifacts
):
    page = log_in(new_context().new_page(), "editor")
    page.goto(change_url(draft))
    page.wait_for_load_state("load")
    page.locator(BODY).click()
    page.keyboard.press("End")
    page.keyboard.type(" Written just before the crash.")
    page.get_by_label("Headline:", exact=True).click()  # the body editor loses focus
    expect(page.get_by_role("status").filter(has_text="Saved")).to_be_visible()
    saved_when = re.compile(r"Saved (just now|\d+ s ago)")
    expect(page.locator(".autosave-state")).to_contain_text(saved_when)
    page.screenshot(path=artifacts / "screenshots" / "autosave-status.png")
    assert Autosave.objects.filter(article=draft).exists()
    assert "crash" not in reload(draft).sections.get().body
    page.context.close()  # the browser crashes: no prompt, nothing saved

    page = log_in(new_context().new_page(), "editor")
    page.goto(change_url(draft))
    offer = page.get_by_role("region", name=re.compile("autosaved after your last save"))
    expect(offer).to_be_visible()
    page.screenshot(path=artifacts / "screenshots" / "autosave-offer.png")
    offer.get_by_role("link", name=re.compile("Restore autosaved version from")).click()
    expect(page.locator(BODY)).to_have_text("The saved paragraph. Written just before the crash.")
    expect(page.locator(".autosave-offer")).to_contain_text("It is not saved yet")
    page.screenshot(path=artifacts / "screenshots" / "autosave-restored.png")

    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist .success")).to_contain_text("was changed successfully")
    assert "Written just before the crash." in reload(draft).sections.get().body
    assert not Autosave.objects.exists()
