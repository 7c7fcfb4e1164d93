"""Lists cost the same whatever the size of the archive: no count of it, ever."""

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article

from .factories import add_byline, make_article, make_author

pytestmark = pytest.mark.django_db

ARCHIVE = connection.ops.quote_name(Article._meta.db_table)
# A count straight over the articles table; one over a subquery with a LIMIT is bounded.
COUNT_OF_ARCHIVE = re.compile(rf"COUNT\([^)]*\)(?: AS \S+)? FROM {re.escape(ARCHIVE)}", re.I)


@pytest.fixture
def archive(settings):
    settings.NEWSROOM_ARTICLES_PER_PAGE = 2
    settings.NEWSROOM_PAGE_CACHE = False  # the cost of making the pages
    author = make_author("Listed Author", slug="listed-author")
    articles = []
    for n in range(5):
        article = make_article(f"Council budget {n}", kind="analysis", hours_ago=n + 1)
        add_byline(article, author)
        article.tags.add("budget")
        articles.append(article)
    return articles


def listing_pages(archive):
    middle = archive[1].pk
    for path in ["/", "/en/", "/analysis/", "/tags/budget/", "/authors/listed-author/"]:
        yield path
        yield f"{path}?before={middle}"
    yield from ["/search/?q=budget", "/search/?q=budget&page=2"]
    yield from ["/sitemap.xml", "/sitemap-articles.xml", "/sitemap-tags.xml", "/news-sitemap.xml"]
    yield "/api/v1/articles/?tag=budget&author=listed-author&kind=analysis&language=en"


def test_no_listing_query_counts_the_archive(client, archive):
    for path in listing_pages(archive):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        assert response.status_code == 200, path
        counts = [q["sql"] for q in captured if COUNT_OF_ARCHIVE.search(q["sql"])]
        assert not counts, (path, counts)


def test_an_older_page_costs_the_queries_of_the_first_and_two_more(client, archive):
    def queries(path):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    # The article it goes on from, and the one that starts the newer page.
    assert queries(f"/?before={archive[1].pk}") == queries("/") + 2
    assert queries(f"/?before={archive[2].pk}") == queries(f"/?before={archive[1].pk}")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="runs in make test-postgres")
def test_seed_bulk_leaves_the_planner_statistics_of_what_it_loaded(capsys):
    call_command("seed_bulk", "30")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE relname = %s", [Article._meta.db_table]
        )
        [(estimated,)] = cursor.fetchall()
    assert estimated == Article.objects.count() == 30


@pytest.mark.skipif(connection.vendor != "postgresql", reason="runs in make test-postgres")
@pytest.mark.django_db(transaction=True)
def test_seed_bulk_outside_a_transaction_leaves_no_dead_rows_for_scans_to_read(capsys):
    """VACUUM marks every page of the loaded articles visible: index-only scans stay so."""
    call_command("seed_bulk", "30")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relpages, relallvisible FROM pg_class WHERE relname = %s",
            [Article._meta.db_table],
        )
        [(pages, visible)] = cursor.fetchall()
    assert pages > 0 and visible == pages
