"""An editor cites footnotes from the section editor and pastes a reference list."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from articles.models import Article
from tests.admin_forms import staff_user

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BLOCKING = {"serious", "critical"}
VIEWPORT_WIDTH = 1280


@pytest.fixture
def editor_page(page, log_in, django_user_model):
    staff_user(django_user_model, "Editor")
    log_in(page, "editor")
    page.goto("/admin/articles/article/add/")
    page.get_by_label("Headline:", exact=True).fill("Forty chip plants")
    return page


def editor_of(page, section):
    return page.locator(f"#sections-{section} [contenteditable=true]")


def add_section(page, index):
    page.get_by_role("button", name="Add another Section").click()
    expect(editor_of(page, index)).to_be_visible()


def add_footnote_row(page, index, key, title):
    page.get_by_role("button", name="Add another Footnote").click()
    page.locator(f"#id_footnotes-{index}-key").fill(key)
    page.locator(f"#id_footnotes-{index}-title").fill(title)


def serious_violations(page, selector, rules=None):
    options = {"runOnly": {"type": "rule", "values": rules}} if rules else None
    found = Axe().run(page, {"include": [[selector]]}, options).response["violations"]
    return [(v["id"], [n["html"] for n in v["nodes"]]) for v in found if v["impact"] in BLOCKING]


def screenshot_of(page, locator, path):
    """The part of the page a locator shows, centred in the window, clear of the sticky toolbar."""
    locator.evaluate("node => node.scrollIntoView({block: 'center'})")
    page.screenshot(path=path, clip=locator.bounding_box())


def within_viewport(locator):
    box = locator.bounding_box()
    return box["x"] >= 0 and box["x"] + box["width"] <= VIEWPORT_WIDTH


def test_the_toolbar_button_cites_a_footnote_of_the_form_or_a_new_one(editor_page, artifacts):
    page = editor_page
    add_footnote_row(page, 0, "kim2021", "A census of semiconductor plants")  # not saved yet
    add_section(page, 0)
    editor_of(page, 0).click()
    page.keyboard.type("The survey counted forty plants.")

    page.locator("#sections-0").get_by_role("button", name="Cite a footnote").click()
    dialog = page.get_by_role("dialog", name="Cite a footnote")
    expect(dialog).to_be_visible()
    choice = dialog.get_by_role("button", name="[^kim2021] A census of semiconductor plants")
    expect(choice).to_be_focused()
    assert within_viewport(dialog)
    assert serious_violations(page, "dialog.footnote-cite") == []
    page.screenshot(path=artifacts / "screenshots" / "footnote-cite-dialog.png")
    page.keyboard.press("Enter")
    expect(dialog).to_be_hidden()
    expect(editor_of(page, 0)).to_have_text("The survey counted forty plants.[^kim2021]")
    expect(editor_of(page, 0)).to_be_focused()

    page.keyboard.type(" They use a tenth of the grid.")
    # From the keyboard: the footnote button is the toolbar's last, just before the text.
    page.keyboard.press("Shift+Tab")
    expect(
        page.locator("#sections-0").get_by_role("button", name="Cite a footnote")
    ).to_be_focused()
    page.keyboard.press("Enter")
    dialog.get_by_role("button", name="New footnote…").click()
    expect(dialog.get_by_label("Authors")).to_be_focused()
    page.keyboard.type("Kim, J., & Lee, S.")
    dialog.get_by_label("Year").fill("2021")
    dialog.get_by_label("Title").fill("Power for the clean rooms")
    expect(dialog.get_by_label("Key")).to_have_value("kim2021b")
    page.screenshot(path=artifacts / "screenshots" / "footnote-new.png")
    dialog.get_by_role("button", name="Add and cite").click()

    expect(dialog).to_be_hidden()
    expect(page.locator("#id_footnotes-1-key")).to_have_value("kim2021b")
    expect(page.locator("#id_footnotes-1-authors")).to_have_value("Kim, J., & Lee, S.")
    expect(page.locator("#id_footnotes-1-year")).to_have_value("2021")
    expect(page.locator("#id_footnotes-1-title")).to_have_value("Power for the clean rooms")
    expect(editor_of(page, 0)).to_contain_text("grid.[^kim2021b]")
    expect(page.get_by_role("status").filter(has_text="Footnote [^kim2021b] added")).to_have_count(
        1
    )

    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist .success")).to_contain_text("was added successfully")
    article = Article.objects.get()
    assert list(article.footnotes.values_list("key", flat=True)) == ["kim2021", "kim2021b"]
    assert article.body_html.count('role="doc-noteref"') == 2


def test_typing_a_marker_offers_the_footnotes_and_a_new_one(editor_page, artifacts):
    page = editor_page
    add_footnote_row(page, 0, "kim2021", "A census of semiconductor plants")
    add_footnote_row(page, 1, "park2019", "Power for the clean rooms")
    add_section(page, 0)
    editor_of(page, 0).click()
    page.keyboard.type("Forty plants[^")

    suggestions = page.get_by_role("listbox", name="Footnotes to cite")
    expect(suggestions).to_be_visible()
    expect(suggestions.get_by_role("option")).to_have_text(
        [
            "[^kim2021] A census of semiconductor plants",
            "[^park2019] Power for the clean rooms",
            "New footnote…",
        ]
    )
    assert within_viewport(suggestions)
    assert serious_violations(page, ".footnote-suggestions") == []
    # What the suggestions add to the editor (its name is the form's, not this list's, concern).
    aria_rules = ["aria-allowed-attr", "aria-valid-attr", "aria-valid-attr-value"]
    assert serious_violations(page, "#sections-0 .ProseMirror", aria_rules) == []
    page.screenshot(path=artifacts / "screenshots" / "footnote-suggestions.png")

    page.keyboard.type("pa")
    expect(suggestions.get_by_role("option")).to_have_text(
        ["[^park2019] Power for the clean rooms", "New footnote…"]
    )
    page.keyboard.press("Enter")
    expect(suggestions).to_be_hidden()
    expect(editor_of(page, 0)).to_have_text("Forty plants[^park2019]")

    page.keyboard.type(" and water[^")
    expect(suggestions).to_be_visible()
    page.keyboard.press("ArrowUp")  # from the first option round to the last: "New footnote…"
    expect(suggestions.get_by_role("option", selected=True)).to_have_text("New footnote…")
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Cite a footnote")
    expect(dialog.get_by_label("Authors")).to_be_focused()
    page.keyboard.type("Lee, S.")
    page.keyboard.press("Tab")
    page.keyboard.type("2020")
    page.keyboard.press("Enter")

    expect(dialog).to_be_hidden()
    expect(page.locator("#id_footnotes-2-key")).to_have_value("lee2020")
    expect(editor_of(page, 0)).to_have_text("Forty plants[^park2019] and water[^lee2020]")

    page.keyboard.type(" again[^")
    page.keyboard.press("Escape")
    expect(suggestions).to_be_hidden()
    expect(editor_of(page, 0)).to_have_text("Forty plants[^park2019] and water[^lee2020] again[^")


def test_a_footnote_row_gets_its_key_from_authors_and_year(editor_page):
    page = editor_page
    add_footnote_row(page, 0, "kim2021", "A census")
    page.get_by_role("button", name="Add another Footnote").click()
    page.locator("#id_footnotes-1-authors").fill("Kim, J.")
    page.locator("#id_footnotes-1-year").fill("2021")
    expect(page.locator("#id_footnotes-1-key")).to_have_value("kim2021b")
    page.locator("#id_footnotes-1-year").fill("2022")
    expect(page.locator("#id_footnotes-1-key")).to_have_value("kim2022")
    page.locator("#id_footnotes-1-key").fill("census-water")
    page.locator("#id_footnotes-1-year").fill("2023")
    expect(page.locator("#id_footnotes-1-key")).to_have_value("census-water")


def test_a_pasted_reference_list_becomes_footnote_rows_and_citations(editor_page, artifacts):
    page = editor_page
    add_section(page, 0)
    editor_of(page, 0).click()
    page.keyboard.type("The survey counted forty plants [1]. They need power [2].")
    box = page.get_by_label("Paste a reference list")
    box.fill(
        "[1] Kim, J. (2021). A census of semiconductor plants. Retrieved from "
        "https://example.org/census\n"
        "[2] Park, H. (2019). Power for the clean rooms."
    )
    assert within_viewport(box)
    screenshot_of(
        page,
        page.locator(".reference-paste"),
        artifacts / "screenshots" / "footnote-reference-list.png",
    )
    page.get_by_role("button", name="Save and continue editing").click()

    expect(page.locator(".messagelist .success").first).to_contain_text(
        "Footnotes added from the pasted reference list: 2; markers turned into citations: 2."
    )
    expect(page.locator("#id_footnotes-0-key")).to_have_value("kim2021")
    expect(page.locator("#id_footnotes-1-key")).to_have_value("park2019")
    expect(page.locator("#id_footnotes-0-url")).to_have_value("https://example.org/census")
    expect(editor_of(page, 0)).to_have_text(
        "The survey counted forty plants[^kim2021]. They need power[^park2019]."
    )
    expect(page.get_by_label("Paste a reference list")).to_have_value("")
    screenshot_of(
        page,
        page.locator("#footnotes-0"),
        artifacts / "screenshots" / "footnote-rows-from-list.png",
    )


def test_a_malformed_marker_is_explained_next_to_the_section(editor_page, artifacts):
    page = editor_page
    add_section(page, 0)
    editor_of(page, 0).click()
    page.keyboard.type("Forty plants[^Kim 2021]")
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Save and continue editing").click()
    error = page.locator("#sections-0 .errorlist")
    expect(error).to_contain_text(
        "“[^Kim 2021]” is not a footnote key: keys are letters, digits and hyphens"
    )
    expect(editor_of(page, 0)).to_have_text("Forty plants[^Kim 2021]")
    screenshot_of(
        page,
        page.locator("#sections-0"),
        artifacts / "screenshots" / "footnote-malformed-marker.png",
    )


def test_a_citation_with_bold_inside_is_refused_next_to_the_body_with_the_text_kept(
    editor_page, artifacts
):
    page = editor_page
    add_footnote_row(page, 0, "kim2021", "A census of semiconductor plants")
    add_section(page, 0)
    editor_of(page, 0).click()
    page.keyboard.type("Forty plants[")
    page.keyboard.press("Control+B")
    page.keyboard.type("^kim2021")
    page.keyboard.press("Control+B")
    page.keyboard.type("] were counted.")
    page.get_by_role("button", name="Save and continue editing").click()

    error = page.locator("#sections-0 .errorlist, .field-body .errorlist").first
    expect(error).to_contain_text("“[^kim2021]” has formatting inside it")
    expect(editor_of(page, 0)).to_contain_text("Forty plants[^kim2021] were counted.")
    assert not Article.objects.filter(headline="Forty chip plants").exists()
    screenshot_of(
        page, page.locator("#sections-group"), artifacts / "screenshots" / "footnote-split.png"
    )
