"""
axe-core (shipped by axe-playwright-python) on the reader's pages and the admin's article page.

Public pages must have no serious or critical violation. The admin's change page is Django's
own admin with our fields: its violations are written to build/axe-admin.json and discussed in
docs/accessibility.md, not asserted.
"""

import json

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.admin_forms import staff_user

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


def test_admin_article_page_violations_are_recorded(
    page, log_in, django_user_model, demo_articles, artifacts
):
    """Not asserted: what axe finds on the admin's change page goes to build/axe-admin.json."""
    staff_user(django_user_model, "Editor")
    log_in(page, "editor")
    article = demo_articles[0]
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    expect(page.get_by_label("Headline:", exact=True)).to_have_value(article.headline)
    expect(page.locator("#sections-0 [contenteditable=true]")).to_be_visible()
    violations = audit(page)
    report = {"url": "/admin/articles/article/<id>/change/", "violations": summary(violations)}
    (artifacts / "axe-admin.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print("axe on the admin's change page:", [(v["id"], v["impact"]) for v in violations])
