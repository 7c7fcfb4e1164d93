"""A reader on the public site: from the front page to a note and back, with and without JS."""

import re

import pytest
from playwright.sync_api import expect

from .showing import loaded

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = {"width": 390, "height": 844}


def twice_cited(articles):
    """An article with a note cited twice, and that note's number."""
    for article in articles:
        match = re.search(r'<li id="note-(\d+)">(?:(?!</li>).)*↩<sup>b', article.notes_html, re.S)
        if match:
            return article, int(match.group(1))
    raise AssertionError("the demo content has no note cited twice")


def focused(page):
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return {id: e.id, href: e.getAttribute('href'), inNote: e.closest('li')?.id || ''}; }"
    )


def test_a_reader_follows_a_note_and_its_backlink_from_the_keyboard(page, demo_articles):
    article, number = twice_cited(demo_articles)

    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Latest news")
    page.get_by_role("link", name=article.headline, exact=True).click()
    expect(page).to_have_url(re.compile(re.escape(article.get_absolute_url()) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(article.headline)

    # The second citation of the note: focus it and press Enter.
    second = page.locator(f"#cite-{number}-2")
    expect(second).to_have_attribute("href", f"#note-{number}")
    expect(second).to_have_accessible_name(f"Note {number}")
    second.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(f"#note-{number}$"))
    note = page.locator(f"#note-{number}")
    expect(note).to_be_in_viewport()
    assert page.evaluate("document.querySelector(':target')?.id") == f"note-{number}"
    # The next Tab continues from the note: focus has moved there, not back to the top.
    page.keyboard.press("Tab")
    assert focused(page)["inNote"] == f"note-{number}"

    backlink_b = note.get_by_role("link", name=f"Back to citation {number}b")
    expect(backlink_b).to_have_attribute("href", f"#cite-{number}-2")
    backlink_b.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(f"#cite-{number}-2$"))
    expect(second).to_be_in_viewport()
    page.keyboard.press("Tab")
    tabbed = focused(page)
    assert not tabbed["inNote"], f"focus stayed in the notes: {tabbed}"


def test_the_article_page_is_the_same_without_javascript(new_context, demo_articles):
    article, number = twice_cited(demo_articles)
    texts = {}
    for javascript in (True, False):
        page = new_context(java_script_enabled=javascript).new_page()
        page.goto(article.get_absolute_url())
        expect(page.get_by_role("heading", level=1)).to_have_text(article.headline)
        texts[javascript] = page.locator("main").inner_text()
        if not javascript:
            # Notes still work: a plain link and a plain fragment.
            page.locator(f"#cite-{number}-2").click()
            expect(page).to_have_url(re.compile(f"#note-{number}$"))
            expect(page.locator(f"#note-{number}")).to_be_in_viewport()
            lead = page.locator(".lead-image img")
            expect(lead).to_be_visible()
            assert loaded(lead)
    assert texts[False] == texts[True]


def test_pages_fit_a_phone_without_sideways_scrolling(new_context, demo_articles):
    page = new_context(viewport=PHONE).new_page()
    addresses = ["/", "/search/?q=AI", *(article.get_absolute_url() for article in demo_articles)]
    too_wide = {}
    for address in addresses:
        page.goto(address)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide[address] = width
    assert not too_wide, f"wider than {PHONE['width']} px: {too_wide}"


def test_article_screenshots(new_context, demo_articles, artifacts):
    """Full-page screenshots for people to look at: build/screenshots/."""
    article, _ = twice_cited(demo_articles)
    korean = next(a for a in demo_articles if a.language == "ko")
    shots = [
        (article, {"width": 1280, "height": 900}, "article-1280.png"),
        (article, PHONE, "article-390.png"),
        (korean, PHONE, "article-ko-390.png"),
    ]
    for shown, viewport, name in shots:
        page = new_context(viewport=viewport).new_page()
        page.goto(shown.get_absolute_url())
        expect(page.get_by_role("heading", level=1)).to_have_text(shown.headline)
        page.wait_for_load_state("networkidle")
        path = artifacts / "screenshots" / name
        page.screenshot(path=path, full_page=True)
        assert path.stat().st_size > 10_000
