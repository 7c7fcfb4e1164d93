"""The article sitemap's files: what each lists, and its lastmod kept by the writes."""

import datetime
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as examples

from articles.models import Article, SitemapFile

from .archive_edits import EDITS, edit
from .factories import make_article
from .machine_reading import NS, absolute, hidden_articles, sitemap_locs, xml

pytestmark = pytest.mark.django_db


def article_files(client):
    """The article sitemap's files in the index: {file number: lastmod}."""
    files = {}
    for entry in xml(client, "/sitemap.xml").findall("sm:sitemap", NS):
        location = entry.find("sm:loc", NS).text
        if location.startswith(absolute("/sitemap-articles.xml")):
            number = int(location.partition("?p=")[2] or 1)
            files[number] = datetime.datetime.fromisoformat(entry.find("sm:lastmod", NS).text)
    return files


def first_id():
    return Article.objects.order_by("pk").values_list("pk", flat=True).first()


def file_of(article, limit):
    """Files hold runs of ``limit`` ids (1 to ``limit``, …), counted from the first article's."""
    return (article.pk - 1) // limit - (first_id() - 1) // limit + 1


def test_sitemap_index_splits_articles_at_the_limit_and_lists_every_published_one(client, settings):
    settings.NEWSROOM_SITEMAP_LIMIT = 3
    published = [make_article(f"Story {n}", hours_ago=n + 1) for n in range(7)]
    hidden_articles()
    index = [loc.text for loc in xml(client, "/sitemap.xml").findall("sm:sitemap/sm:loc", NS)]

    assert {loc.split("?")[0] for loc in index} == {
        absolute(f"/sitemap-{section}.xml") for section in ("pages", "articles", "tags", "authors")
    }
    files = article_files(client)
    assert sorted(files) == sorted({file_of(article, 3) for article in published})
    pages = [
        sitemap_locs(client, f"/sitemap-articles.xml?p={n}".replace("?p=1", "")) for n in files
    ]
    assert all(1 <= len(locs) <= 3 for locs in pages)
    assert sorted(sum(pages, [])) == sorted(absolute(a.get_absolute_url()) for a in published)
    assert client.get(f"/sitemap-articles.xml?p={max(files) + 1}").status_code == 404


def test_each_sitemap_file_has_its_own_lastmod_and_one_address(client, settings):
    settings.NEWSROOM_SITEMAP_LIMIT = 2
    while make_article(published=False).pk % 2:
        pass  # until the next article starts a file
    first = [make_article(f"Story {n}", hours_ago=n + 1) for n in range(2)]
    hidden = hidden_articles()  # two files with no published article
    late = make_article("Late story", hours_ago=30)
    first[0].headline = "Story 0, corrected"
    first[0].save()
    files = article_files(client)
    assert file_of(hidden[0], 2) not in files and file_of(hidden[-1], 2) not in files
    assert files == {
        file_of(first[0], 2): Article.objects.get(pk=first[0].pk).updated_at,
        file_of(late, 2): late.updated_at,
    }
    assert sitemap_locs(client, f"/sitemap-articles.xml?p={file_of(late, 2)}") == [
        absolute(late.get_absolute_url())
    ]
    for asked in (file_of(hidden[0], 2), f"0{file_of(late, 2)}", "x", "0"):
        assert client.get(f"/sitemap-articles.xml?p={asked}").status_code == 404


def test_the_sitemap_index_costs_the_same_for_two_files_or_twenty(client, settings):
    """The files' lastmods come from one grouped aggregate, not one query per file."""
    settings.NEWSROOM_SITEMAP_LIMIT = 1
    settings.NEWSROOM_PAGE_CACHE = False
    for n in range(2):
        make_article(f"Story {n}", hours_ago=n + 1)
    with CaptureQueriesContext(connection) as few:
        assert len(article_files(client)) == 2
    for n in range(18):
        make_article(f"Later story {n}", hours_ago=n + 1)
    with CaptureQueriesContext(connection) as many:
        assert len(article_files(client)) == 20
    assert len(many) == len(few)


def expected_files(limit, at=None):
    """What the index should say, worked out here from every article: {file: newest change}."""
    files = {}
    for article in Article.objects.published(at=at):
        number = file_of(article, limit)
        files[number] = max(files.get(number, article.last_changed), article.last_changed)
    return files


def index_queries(client):
    with CaptureQueriesContext(connection) as captured:
        files = article_files(client)
    return files, [query["sql"] for query in captured]


def reads_the_archive(sql):
    """A query working out lastmods from the articles (the table and its MAX)."""
    return Article._meta.db_table in sql and "MAX(" in sql.upper()


def test_the_index_reads_each_files_lastmod_without_aggregating_the_archive(client, settings):
    settings.NEWSROOM_SITEMAP_LIMIT = 2
    settings.NEWSROOM_PAGE_CACHE = False
    for n in range(7):
        make_article(f"Story {n}", hours_ago=n + 1)
    files, queries = index_queries(client)
    assert files == expected_files(2) and len(files) >= 3
    assert not any(reads_the_archive(sql) for sql in queries), queries


def test_a_file_holding_a_scheduled_article_shows_it_at_its_time_with_no_write(client, settings):
    settings.NEWSROOM_SITEMAP_LIMIT = 2
    settings.NEWSROOM_PAGE_CACHE = False
    make_article("Already out", hours_ago=3)
    scheduled = make_article("Embargoed", hours_ago=-1)
    assert article_files(client) == expected_files(2)
    assert absolute(scheduled.get_absolute_url()) not in sum(
        (sitemap_locs(client, f"/sitemap-articles.xml?p={n}") for n in article_files(client)), []
    )
    later = timezone.now() + datetime.timedelta(hours=2)
    with mock.patch("django.utils.timezone.now", return_value=later):
        files = article_files(client)
        assert files == expected_files(2, at=later)
        assert files[file_of(scheduled, 2)] == scheduled.published_at


def test_a_new_file_size_is_worked_out_again(client, settings):
    settings.NEWSROOM_PAGE_CACHE = False
    settings.NEWSROOM_SITEMAP_LIMIT = 2
    stories = [make_article(f"Story {n}", hours_ago=n + 1) for n in range(5)]
    settings.NEWSROOM_SITEMAP_LIMIT = 3
    assert article_files(client) == expected_files(3)  # before any save at the new size
    stories[0].save()
    assert article_files(client) == expected_files(3)
    assert set(SitemapFile.objects.values_list("size", flat=True)) == {3}


def test_bulk_loaded_articles_are_in_the_index_without_aggregating_the_archive(
    client, settings, capsys
):
    settings.NEWSROOM_SITEMAP_LIMIT = 4
    settings.NEWSROOM_PAGE_CACHE = False
    call_command("seed_bulk", "10")
    files, queries = index_queries(client)
    assert files == expected_files(4) and len(files) >= 3
    assert not any(reads_the_archive(sql) for sql in queries)


@examples(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(edits=EDITS)
def test_every_edit_keeps_the_index_as_the_articles_say(client, edits):
    with override_settings(NEWSROOM_SITEMAP_LIMIT=2, NEWSROOM_PAGE_CACHE=False):
        articles = [make_article("An old story", hours_ago=48)]
        for what, which in edits:
            edit(articles, what, which)
            assert article_files(client) == expected_files(2), (what, which)
        later = timezone.now() + datetime.timedelta(hours=2)
        with mock.patch("django.utils.timezone.now", return_value=later):
            assert article_files(client) == expected_files(2, at=later)


@pytest.mark.django_db(transaction=True)
def test_an_archive_upgraded_to_kept_lastmods_has_them_from_the_migration(client, settings):
    settings.NEWSROOM_SITEMAP_LIMIT = 2
    settings.NEWSROOM_PAGE_CACHE = False
    for n in range(5):
        make_article(f"Story {n}", hours_ago=n + 1)
    executor = MigrationExecutor(connection)
    executor.migrate([("articles", "0024_read_also_titles_are_overrides")])
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert SitemapFile.objects.count() == len(expected_files(2))
    files, queries = index_queries(client)
    assert files == expected_files(2)
    assert not any(reads_the_archive(sql) for sql in queries)
