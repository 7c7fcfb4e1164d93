"""Every public page costs the same number of queries, however much it shows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .factories import add_byline, add_footnote, add_link, add_section, make_article, make_author

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/analysis/",
    "/tags/budget/",
    "/authors/budget-author/",
    "/search/?q=budget",
    "/feeds/rss/",
    "/feeds/atom/",
    "/tags/budget/rss/",
    "/sitemap.xml",
    "/sitemap-articles.xml",
    "/sitemap-tags.xml",
    "/sitemap-authors.xml",
    "/news-sitemap.xml",
]


@pytest.fixture
def author():
    return make_author("Budget Author", slug="budget-author")


def add_articles(count, author):
    for n in range(count):
        article = make_article(f"Budget story {author.articles.count()}", kind="analysis")
        add_byline(article, author, order=0)
        add_byline(article, make_author(), order=1)
        add_footnote(article, "n", title="A source")
        add_section(article, "<p>Budget text.[^n]</p>", heading="Part")
        add_link(article, target=make_article())
        article.tags.add("budget", f"topic {n}", f"theme {n}")


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.parametrize("url", PAGES)
def test_page_costs_the_same_with_2_or_14_articles(client, settings, author, url):
    settings.NEWSROOM_PAGE_CACHE = False  # the cost of making the page, not of the cache
    settings.NEWSROOM_ARTICLES_PER_PAGE = 20
    add_articles(2, author)
    few = queries(client, url)
    add_articles(12, author)
    assert queries(client, url) == few
