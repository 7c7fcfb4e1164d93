import datetime
import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.template.loader import render_to_string
from django.utils import timezone

from articles.models import Article, ReadingList, ReadingListItem

from .factories import add_byline, add_footnote, add_link, add_section, make_article, make_author
from .html import page

pytestmark = pytest.mark.django_db


def headlines(response):
    return [a.get_text() for a in page(response).select(".card-headline a")]


# Lists


def test_author_page_shows_bio_and_published_articles_newest_first(client):
    author = make_author("Kang Ji-woo", bio="Covers chips and trade.")
    for name, hours in [("Older", 5), ("Newer", 1)]:
        add_byline(make_article(name, hours_ago=hours), author)
    add_byline(make_article("Draft", published=False), author)
    response = client.get(author.get_absolute_url())
    soup = page(response)
    assert soup.h1.get_text() == "Kang Ji-woo"
    assert "Covers chips and trade." in soup.select_one(".bio").get_text()
    assert headlines(response) == ["Newer", "Older"]


def test_unknown_author_is_404(client):
    assert client.get("/authors/nobody/").status_code == 404


def test_an_author_only_on_unpublished_articles_is_404_until_one_is_published(client):
    """The attack: a draft's new author had a public page, name and bio."""
    author = make_author("Embargoed Columnist", bio="Joins us next month.")
    draft = make_article("Scoop", published=False)
    add_byline(draft, author)
    add_byline(make_article("Scheduled", hours_ago=-5), author)
    assert client.get(author.get_absolute_url()).status_code == 404
    draft.status = Article.Status.PUBLISHED
    draft.save()
    assert client.get(author.get_absolute_url()).status_code == 200


def test_a_tag_only_on_unpublished_articles_is_404_until_one_is_published(client):
    """The attack: an embargoed story's tag could be guessed from its tag page answering 200."""
    draft = make_article("Merger talks", published=False)
    draft.tags.add("secret-merger")
    make_article("Scheduled", hours_ago=-5).tags.add("secret-merger")
    assert client.get("/tags/secret-merger/").status_code == 404
    make_article("Announced").tags.add("secret-merger")
    assert client.get("/tags/secret-merger/").status_code == 200


def test_kind_pages_list_only_their_kind(client):
    make_article("A view", kind="opinion")
    make_article("A report", kind="news")
    response = client.get("/opinion/")
    assert page(response).h1.get_text() == "Opinion"
    assert headlines(response) == ["A view"]


def test_every_kind_has_a_page_in_the_navigation(client):
    nav = page(client.get("/")).select_one("nav.site-nav")
    assert [a["href"] for a in nav.select("a")] == [f"/{kind}/" for kind in Article.Kind.values]
    for kind in Article.Kind.values:
        assert client.get(f"/{kind}/").status_code == 200


def test_lists_link_to_older_and_newer_stories(client, settings):
    settings.NEWSROOM_ARTICLES_PER_PAGE = 1
    one = make_article("One", kind="analysis", hours_ago=1)
    make_article("Two", kind="analysis", hours_ago=2)
    soup = page(client.get("/analysis/"))
    assert soup.select_one('.pagination a[rel="next"]')["href"] == f"?before={one.pk}"
    assert not soup.select('.pagination a[rel="prev"]')
    soup = page(client.get("/analysis/", {"before": one.pk}))
    assert [a.get_text() for a in soup.select(".card-headline a")] == ["Two"]
    assert soup.select_one('.pagination a[rel="prev"]')["href"] == "/analysis/"
    assert not soup.select('.pagination a[rel="next"]')


# Errors


def test_not_found_page_is_friendly(client):
    response = client.get("/2026/1/1/no-such-story/")
    assert response.status_code == 404
    soup = page(response)
    assert soup.h1.get_text() == "We could not find that page"
    assert soup.select_one('a[href="/search/"]')


def test_server_error_page_needs_nothing_but_itself():
    html = render_to_string("500.html")
    assert "Something went wrong on our side" in html and 'lang="ko"' in html


# Nothing unpublished leaks


# (status, hours since its publication time; negative is in the future)
HIDDEN_STATES = {
    "draft": (Article.Status.DRAFT, 1),
    "review": (Article.Status.REVIEW, 1),
    "unpublished": (Article.Status.UNPUBLISHED, 1),
    "scheduled": (Article.Status.PUBLISHED, -6),
}


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_an_article_readers_may_not_see_appears_nowhere(client, state):
    author = make_author("Shared Author")
    status, hours_ago = HIDDEN_STATES[state]
    hidden = make_article(
        "Zeppelinword secret story",
        kind="opinion",
        status=status,
        published_at=timezone.now() - datetime.timedelta(hours=hours_ago),
    )
    add_section(hidden, "<p>Zeppelinword body text.</p>")
    hidden.tags.add("shared")
    add_byline(hidden, author)

    visible = make_article("Visible story", kind="opinion", read_also_suggestions=True)
    visible.tags.add("shared")
    add_byline(visible, author)
    add_link(visible, target=hidden)
    reading_list = ReadingList.objects.create(name="Coverage", slug="coverage")
    ReadingListItem.objects.create(reading_list=reading_list, article=hidden)
    visible.reading_lists.add(reading_list)

    urls = [
        hidden.get_absolute_url(),
        "/",
        "/tags/shared/",
        author.get_absolute_url(),
        "/opinion/",
        "/search/?q=zeppelinword",
        "/feeds/rss/",
        "/feeds/atom/",
        "/tags/shared/rss/",
        "/sitemap-articles.xml",
        "/news-sitemap.xml",
        visible.get_absolute_url(),
    ]
    for url in urls:
        response = client.get(url)
        content = response.content.decode()
        assert "Zeppelinword" not in content, url
        assert hidden.get_absolute_url() not in content or response.status_code == 404, url
    assert client.get(hidden.get_absolute_url()).status_code == 404


# The article page for every reader


@pytest.fixture
def full_article():
    article = make_article("Chips, power and a three-year test", kind="analysis")
    add_byline(article, make_author("Park Seo-yeon"))
    add_footnote(article, "kim", title="Learning from abroad", url="https://example.org/kim")
    add_section(article, "<p>Opening.[^kim]</p>")
    add_section(article, "<p>More.[^kim]</p>", heading="Power")
    article.tags.add("chips")
    make_article("Another story")
    return article


def test_landmarks_and_heading_order(client, full_article):
    soup = page(client.get(full_article.get_absolute_url()))
    assert soup.find("header", class_="site-header") and soup.find("footer", class_="site-footer")
    assert len(soup.find_all("main")) == 1 and soup.find("nav")
    assert soup.find("form", attrs={"role": "search"}).find("label")
    levels = [int(tag.name[1]) for tag in soup.find_all(["h1", "h2", "h3", "h4"])]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(later - earlier <= 1 for earlier, later in zip(levels, levels[1:], strict=False))


def test_note_references_have_accessible_names(client, full_article):
    soup = page(client.get(full_article.get_absolute_url()))
    for link in soup.select('[role="doc-noteref"], [role="doc-backlink"]'):
        assert link.get("aria-label")


def test_korean_pages_wrap_between_words(client):
    stylesheet = (settings.BASE_DIR / "static" / "css" / "site.css").read_text()
    assert ":lang(ko) { word-break: keep-all;" in stylesheet
    article = make_article("한국어 기사", language="ko")
    assert page(client.get(article.get_absolute_url())).html["lang"] == "ko"


def test_pages_need_no_javascript_or_outside_origin(client, full_article):
    for url in ["/", full_article.get_absolute_url(), "/search/?q=chips", "/tags/chips/"]:
        soup = page(client.get(url))
        assert not [s for s in soup.find_all("script") if s.get("type") != "application/ld+json"]
        for tag in soup.find_all(["link", "img", "source", "script"]):
            for attribute in ("href", "src"):
                value = tag.get(attribute, "")
                assert (
                    not value.startswith(("http://", "https://", "//"))
                    or tag.name == "link"
                    and tag.get("rel") == ["canonical"]
                ), (url, value)


def test_article_page_with_its_stylesheet_weighs_under_50_kb(client):
    call_command("seed_demo", stdout=io.StringIO())
    stylesheet = (settings.BASE_DIR / "static" / "css" / "site.css").read_bytes()
    largest = max(
        len(client.get(article.get_absolute_url()).content)
        for article in Article.objects.published()
    )
    assert largest + len(stylesheet) <= 50 * 1024


def test_print_stylesheet_keeps_footnote_addresses(client, full_article):
    stylesheet = (settings.BASE_DIR / "static" / "css" / "site.css").read_text()
    assert "@media print" in stylesheet
    notes = page(client.get(full_article.get_absolute_url())).select_one(".notes")
    assert "https://example.org/kim" in notes.get_text()
