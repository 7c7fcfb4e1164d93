import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .factories import add_byline, make_article, make_author
from .html import page

pytestmark = pytest.mark.django_db


def headlines(response):
    return [a.get_text() for a in page(response).select(".card-headline a")]


def test_home_lists_published_articles_newest_first(client):
    make_article("Older", hours_ago=5)
    make_article("Newer", hours_ago=1)
    assert headlines(client.get("/")) == ["Newer", "Older"]


def test_home_never_lists_drafts_or_scheduled_articles(client):
    make_article("Visible")
    make_article("Draft", published=False)
    make_article("Tomorrow", hours_ago=-24)
    assert headlines(client.get("/")) == ["Visible"]


def test_home_is_paginated(client, settings):
    settings.NEWSROOM_ARTICLES_PER_PAGE = 2
    for n in range(5):
        make_article(f"Story {n}", hours_ago=n + 1)
    first, third = client.get("/"), client.get("/?page=3")
    assert headlines(first) == ["Story 0", "Story 1"]
    assert headlines(third) == ["Story 4"]
    current = page(third).select_one('.pagination [aria-current="page"]')
    assert current.get_text() == "Page 3 of 3"
    assert client.get("/?page=oops").status_code == 200


def test_empty_home_says_so(client):
    assert "Nothing has been published here yet." in client.get("/").content.decode()


def test_home_query_count_is_constant(client):
    def count():
        with CaptureQueriesContext(connection) as queries:
            client.get("/")
        return len(queries)

    article = make_article()
    add_byline(article, make_author())
    few = count()
    for _ in range(8):
        article = make_article()
        add_byline(article, make_author())
        add_byline(article, make_author(), order=1)
    assert count() == few
