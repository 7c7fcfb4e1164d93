import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

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


def older_link(response):
    link = page(response).select_one('.pagination a[rel="next"]')
    return link and link["href"]


def newer_link(response):
    link = page(response).select_one('.pagination a[rel="prev"]')
    return link and link["href"]


@pytest.fixture
def five_stories(settings):
    settings.NEWSROOM_ARTICLES_PER_PAGE = 2
    return [make_article(f"Story {n}", hours_ago=n + 1) for n in range(5)]


def test_home_pages_go_on_from_the_last_story_shown(client, five_stories):
    first = client.get("/")
    assert headlines(first) == ["Story 0", "Story 1"]
    assert newer_link(first) is None
    assert older_link(first) == f"?before={five_stories[1].pk}"
    second = client.get(f"/?before={five_stories[1].pk}")
    assert headlines(second) == ["Story 2", "Story 3"]
    assert newer_link(second) == "/"
    last = client.get(older_link(second))
    assert headlines(last) == ["Story 4"]
    assert older_link(last) is None
    assert newer_link(last) == f"?before={five_stories[1].pk}"


def test_an_older_page_keeps_its_stories_when_news_is_published(client, five_stories):
    address = f"/?before={five_stories[1].pk}"
    before = headlines(client.get(address))
    make_article("Breaking", hours_ago=0)
    assert headlines(client.get(address)) == before
    assert headlines(client.get("/")) == ["Breaking", "Story 0"]


def test_stories_published_at_the_same_moment_are_each_listed_once(client, settings):
    settings.NEWSROOM_ARTICLES_PER_PAGE = 2
    moment = timezone.now() - datetime.timedelta(hours=1)
    for n in range(5):
        make_article(f"Story {n}", published_at=moment)
    seen, address = [], "/"
    while address is not None:
        response = client.get(address if address.startswith("/") else f"/{address}")
        seen += headlines(response)
        address = older_link(response)
    assert sorted(seen) == [f"Story {n}" for n in range(5)]


@pytest.mark.parametrize(
    ("asked", "moved_to"),
    [("?page=1", "/"), ("?page=01", "/"), ("?page=2", "?before={1}"), ("?page=3", "?before={3}")],
)
def test_numbered_pages_of_old_links_move_to_their_stories(client, five_stories, asked, moved_to):
    pks = [article.pk for article in five_stories]
    response = client.get(f"/{asked}")
    assert response.status_code == 301
    assert response["Location"] == ("/" + moved_to.format(*pks)).replace("//", "/")


def test_a_page_has_one_address(client, five_stories):
    response = client.get(f"/?before=0{five_stories[1].pk}")
    assert response.status_code == 301
    assert response["Location"] == f"/?before={five_stories[1].pk}"


@pytest.mark.parametrize(
    "asked",
    [
        "?page=abc",
        "?page=0",
        "?page=4",
        "?page=-1",
        "?page=99999",
        "?page=",
        "?page=٣",
        "?before=abc",
        "?before=",
        "?before=999999",
    ],
)
def test_pages_no_link_leads_to_are_not_found(client, five_stories, asked):
    assert client.get(f"/{asked}").status_code == 404


def test_no_page_follows_the_last_story_or_a_hidden_one(client, five_stories):
    draft = make_article("Draft", published=False)
    assert client.get(f"/?before={five_stories[-1].pk}").status_code == 404
    assert client.get(f"/?before={draft.pk}").status_code == 404


@hypothesis_settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(["page", "before"]), value=st.text(max_size=8))
def test_any_page_parameter_gives_a_page_a_redirect_or_a_404(client, name, value):
    assert client.get("/", {name: value}).status_code in (200, 301, 404)


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
