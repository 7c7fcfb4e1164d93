"""
An editor writes the sample article through the form, from headline to correction, within
a budget of clicks and field entries, and readers then read it as written.
"""

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from articles.models import Article
from tests.admin_forms import staff_user
from tests.factories import make_picture
from tests.pictures import photo

from .showing import loaded

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SAMPLE = json.loads((Path(__file__).parents[1] / "fixtures" / "sample_article.json").read_text())
MAX_CLICKS = 15
MAX_ENTRIES = 30
MARKER = re.compile(r"\[\^[^\]]*\]")


class Effort:
    """
    What the editor does, counted: each click is one, each text typed, filled or pasted into a
    field one entry; keys pressed to choose (Enter) are neither. Markers typed are counted too.
    """

    def __init__(self, page):
        self.page = page
        self.clicks = 0
        self.entries = 0
        self.markers_typed = 0

    def click(self, locator):
        self.clicks += 1
        locator.click()

    def fill(self, locator, text):
        self._enter(text)
        locator.fill(text)

    def type(self, text):
        """Typed where the cursor is; a new line is Enter, a new paragraph in a body."""
        self._enter(text)
        self.page.keyboard.type(text)

    def paste(self, text, html=None):
        """Pasted where the cursor is, as copied from a web page."""
        self._enter(text)
        self.page.evaluate(
            """([text, html]) => {
                const data = new DataTransfer();
                data.setData("text/plain", text);
                if (html) data.setData("text/html", html);
                const paste = {clipboardData: data, bubbles: true, cancelable: true};
                document.activeElement.dispatchEvent(new ClipboardEvent("paste", paste));
            }""",
            [text, html],
        )

    def _enter(self, text):
        self.entries += 1
        self.markers_typed += len(MARKER.findall(text))


def editor_of(page, index):
    return page.locator(f"#sections-{index} [contenteditable=true]")


def split_at(section, key):
    """A section's paragraphs as one text, cut just after the words a citation follows."""
    text = "\n".join(section["paragraphs"])
    words = section[key]
    cut = text.index(words) + len(words)
    return text[:cut], text[cut:]


def key_points_html(items):
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


@pytest.fixture
def lead_picture(serve_media):
    """A picture already in the library, as the photo desk leaves it."""
    return make_picture(
        photo(size=(1200, 675), name="ai-assessment.jpg"),
        alt=SAMPLE["lead_picture"]["alt"],
        caption=SAMPLE["lead_picture"]["caption"],
        credit="Photo desk",
    )


def write_sections(page, effort):
    opening, points = SAMPLE["sections"][0], SAMPLE["sections"][2]
    note = SAMPLE["new_footnote"]

    effort.click(editor_of(page, 0))
    before, after = split_at(opening, "cite_from_toolbar_after")
    effort.paste(before)
    effort.click(page.locator("#sections-0").get_by_role("button", name="Cite a footnote"))
    dialog = page.get_by_role("dialog", name="Cite a footnote")
    effort.click(dialog.get_by_role("button", name="New footnote…"))
    effort.type(note["authors"])  # the dialog opens in Authors
    effort.fill(dialog.get_by_label("Year"), note["year"])
    effort.fill(dialog.get_by_label("Title"), note["title"])
    effort.click(dialog.get_by_role("button", name="Add and cite"))
    expect(dialog).to_be_hidden()
    effort.type(after)

    korea = SAMPLE["sections"][1]
    effort.click(page.get_by_role("button", name="Add another Section"))
    effort.fill(page.locator("#id_sections-1-heading"), korea["heading"])
    effort.click(editor_of(page, 1))
    before, after = split_at(korea, "cite_by_typing_after")
    effort.paste(before)
    effort.type("[^")
    suggestions = page.get_by_role("listbox", name="Footnotes to cite")
    expect(suggestions.get_by_role("option", selected=True)).to_contain_text(note["title"])
    page.keyboard.press("Enter")
    effort.type(after)

    effort.click(page.get_by_role("button", name="Add another Section"))
    effort.fill(page.locator("#id_sections-2-heading"), points["heading"])
    effort.click(editor_of(page, 2))
    effort.paste("\n".join(points["list"]), html=key_points_html(points["list"]))


def test_an_editor_writes_the_sample_article_from_headline_to_correction(
    new_context, log_in, django_user_model, lead_picture, artifacts
):
    screenshots = artifacts / "screenshots"
    staff_user(django_user_model, "Editor")
    page = new_context(viewport={"width": 1280, "height": 800}).new_page()
    log_in(page, "editor")
    page.goto("/admin/articles/article/add/")
    effort = Effort(page)

    effort.fill(page.get_by_label("Headline:", exact=True), SAMPLE["headline"])
    effort.fill(page.get_by_label("Dek:", exact=True), SAMPLE["dek"])
    effort.click(page.locator(".field-lead_picture .select2-selection"))
    effort.fill(page.locator(".select2-container--open .select2-search__field"), "three-year")
    effort.click(
        page.locator(".select2-results__option", has_text=SAMPLE["lead_picture"]["caption"])
    )

    write_sections(page, effort)

    effort.fill(page.get_by_label("Paste a reference list"), SAMPLE["references"])
    page.screenshot(path=screenshots / "sample-article-form.png", full_page=True)

    with page.expect_popup() as opened:
        effort.click(page.get_by_role("button", name="Preview", exact=True))
    preview = opened.value
    expect(preview.get_by_role("heading", level=1)).to_have_text(SAMPLE["headline"])
    expect(preview.locator("a[role=doc-noteref]")).to_have_count(9)
    preview.screenshot(path=screenshots / "sample-article-preview.png", full_page=True)
    preview.close()

    effort.click(page.get_by_role("button", name="Publish", exact=True))
    messages = page.locator(".messagelist .success")
    expect(messages.filter(has_text="Published:")).to_have_count(1)
    expect(messages.filter(has_text="markers turned into citations: 7")).to_have_count(1)
    expect(page.locator(".errorlist")).to_have_count(0)

    effort.click(page.get_by_role("button", name="Add another Correction or update"))
    effort.fill(page.locator("#id_corrections-0-text"), SAMPLE["correction"])
    page.locator("#corrections-group").evaluate("node => node.scrollIntoView({block: 'center'})")
    page.screenshot(path=screenshots / "sample-article-correction.png")
    effort.click(page.get_by_role("button", name="Save without publishing"))
    expect(page.locator(".messagelist .success")).to_contain_text(
        "readers still see the published version"
    )
    reader = new_context().new_page()
    reader.goto(Article.objects.get().get_absolute_url())
    expect(reader.locator("article")).not_to_contain_text(SAMPLE["correction"])
    effort.click(page.get_by_role("button", name="Publish changes"))
    expect(page.locator(".messagelist .success").first).to_contain_text("Published:")
    expect(page.locator(".errorlist")).to_have_count(0)

    assert (effort.clicks, effort.entries, effort.markers_typed) == (15, 16, 0)
    assert effort.clicks <= MAX_CLICKS and effort.entries <= MAX_ENTRIES

    reader.reload()
    reader.screenshot(path=screenshots / "sample-article-reader.png", full_page=True)
    read_as_reader(reader)


def read_as_reader(page):
    """The article as readers get it: each part once, in the order written, notes that match."""
    text = page.locator("article").inner_text()
    assert text.count(SAMPLE["headline"]) == 1
    assert text.count(SAMPLE["dek"]) == 1
    expect(page.get_by_role("heading", level=1)).to_have_text(SAMPLE["headline"])
    lead = page.get_by_role("img", name=SAMPLE["lead_picture"]["alt"])
    expect(lead).to_be_visible()
    assert loaded(lead), "lead picture not loaded"
    written = [SAMPLE["dek"], SAMPLE["lead_picture"]["caption"]]
    for section in SAMPLE["sections"]:
        written += [section["heading"]] if section["heading"] else []
        written += [words[:20] for words in section.get("paragraphs", section.get("list"))]
    places = [text.find(words) for words in written]
    missing = [words for place, words in zip(places, written, strict=True) if place == -1]
    assert missing == [] and places == sorted(places), missing
    headings = [section["heading"] for section in SAMPLE["sections"] if section["heading"]]
    for heading in headings:
        expect(page.get_by_role("heading", level=2, name=heading, exact=True)).to_have_count(1)

    # Notes are numbered by first citation: reference 1, the footnote added from the toolbar
    # (cited again from typing [^), references 2, 4, 3; the key points cite 3, 1 and 4 again.
    expect(page.locator("a[role=doc-noteref]")).to_have_text(
        ["1", "2", "3", "4", "2", "5", "5", "1", "4"]
    )
    titles = dict(enumerate(re.findall(r"\(\d{4}\)\. (.+?)\. Retrieved", SAMPLE["references"]), 1))
    in_order = [titles[1], SAMPLE["new_footnote"]["title"], titles[2], titles[4], titles[3]]
    for number, title in enumerate(in_order, 1):
        expect(page.locator(f"#note-{number}")).to_contain_text(title)
    expect(page.locator(f"#note-{len(in_order) + 1}")).to_have_count(0)

    corrections = page.get_by_role("heading", level=2, name="Corrections and updates")
    expect(corrections).to_have_count(1)
    assert text.count("Correction, ") == 1 and text.count(SAMPLE["correction"]) == 1
