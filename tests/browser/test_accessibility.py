"""
axe-core (shipped by axe-playwright-python) on the reader's pages and the admin's article form.

Public pages and the article form (add and change, every folded part opened) must have no
serious or critical violation; the form also has no duplicate id and fits 1280 px. What axe
finds is written to build/axe-public.json and build/axe-admin.json.
"""

import json

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from articles.models import Correction
from tests.admin_forms import staff_user
from tests.factories import add_byline, add_footnote, add_link, add_section, make_author

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BLOCKING = {"serious", "critical"}


def audit(page):
    """axe's violations on the page as it is now, as plain dictionaries."""
    return Axe().run(page).response["violations"]


def summary(violations):
    return [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "helpUrl": violation["helpUrl"],
            "nodes": [
                {"target": node["target"], "html": node["html"], "summary": node["failureSummary"]}
                for node in violation["nodes"]
            ],
        }
        for violation in violations
    ]


def public_pages(articles):
    article = next(a for a in articles if a.language == "en" and a.related_links.exists())
    korean = next(a for a in articles if a.language == "ko")
    tag = article.tags.order_by("slug").first()
    author = article.authors.order_by("slug").first()
    return {
        "home": ("/", 200),
        "article": (article.get_absolute_url(), 200),
        "article (Korean)": (korean.get_absolute_url(), 200),
        "tag": (f"/tags/{tag.slug}/", 200),
        "author": (f"/authors/{author.slug}/", 200),
        "search": ("/search/?q=regulators", 200),
        "404": ("/no-such-page/", 404),
    }


def test_public_pages_have_no_serious_or_critical_violations(page, demo_articles, artifacts):
    found = {}
    blocking = {}
    for name, (address, status) in public_pages(demo_articles).items():
        response = page.goto(address)
        assert response.status == status, (name, address, response.status)
        expect(page.get_by_role("heading", level=1)).to_have_count(1)
        violations = audit(page)
        found[name] = {"url": address, "violations": summary(violations)}
        serious = [v for v in violations if v["impact"] in BLOCKING]
        if serious:
            blocking[name] = summary(serious)
    (artifacts / "axe-public.json").write_text(json.dumps(found, indent=2, ensure_ascii=False))
    assert not blocking, json.dumps(blocking, indent=2, ensure_ascii=False)


def layout_problems(page):
    """Ids used twice, and how far the page is wider than the window."""
    return page.evaluate(
        """() => {
            const seen = {};
            for (const element of document.querySelectorAll("[id]")) {
                seen[element.id] = (seen[element.id] || 0) + 1;
            }
            return {
                duplicate_ids: Object.keys(seen).filter((id) => seen[id] > 1),
                overflow: document.documentElement.scrollWidth - window.innerWidth,
            };
        }"""
    )


def full_article(article):
    """An article with a row in every inline: sections, footnotes, read-also, corrections."""
    add_byline(article, make_author("Hannah Cho"))
    add_footnote(article, "kim2021", title="Learning from abroad", authors="Kim, J.", year="2021")
    add_section(article, "<p>Opening claim.[^kim2021]</p>")
    add_section(article, "<p>Second part.</p>", heading="What comes next")
    add_link(article, title="An outside view", url="https://example.org/outside-view")
    Correction.objects.create(article=article, text="An earlier version misspelt a name.")
    return article


def test_admin_article_form_has_no_serious_or_critical_violations(
    new_context, log_in, django_user_model, demo_articles, artifacts
):
    staff_user(django_user_model, "Editor")
    page = new_context(viewport={"width": 1280, "height": 800}).new_page()
    log_in(page, "editor")
    article = full_article(demo_articles[0])
    pages = {
        "add": "/admin/articles/article/add/",
        "change": f"/admin/articles/article/{article.pk}/change/",
    }
    found = {}
    problems = {}
    for name, address in pages.items():
        page.goto(address)
        expect(page.locator("#sections-0 [contenteditable=true]")).to_be_visible()
        # Folded parts are audited too.
        page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
        expect(page.locator(".select2-selection[aria-labelledby]").first).to_be_attached()
        page.screenshot(path=artifacts / "screenshots" / f"admin-{name}-opened.png", full_page=True)
        violations = audit(page)
        found[name] = {"url": address, "violations": summary(violations)}
        serious = [v for v in violations if v["impact"] in BLOCKING]
        layout = layout_problems(page)
        if serious or layout["duplicate_ids"] or layout["overflow"] > 0:
            problems[name] = {"axe": summary(serious), **layout}
    (artifacts / "axe-admin.json").write_text(json.dumps(found, indent=2, ensure_ascii=False))
    assert not problems, json.dumps(problems, indent=2, ensure_ascii=False)
