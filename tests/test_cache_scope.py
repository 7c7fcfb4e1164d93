"""
What makes readers' cached pages stale, and what does not; what their keys carry. The
changes readers can see are in tests/test_page_cache.py.
"""

import datetime
import json
import time

import pytest
import reversion
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from reversion.models import Version

from articles import workflow
from articles.models import Article, Correction, ReadingList, ReadingListItem, SiteVersion

from .admin_forms import change_url, form_fields
from .factories import add_byline, add_footnote, add_link, add_section, make_article, make_author
from .html import page

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    article = make_article("A draft in the works", published=False)
    add_section(article, "<p>Draft words.</p>")
    return article


def scheduled_article():
    return make_article("Embargoed story", hours_ago=-3)


def save_in_admin(admin_client, article):
    """The change form posted as an editor would, which also claims the article's lock."""
    data = form_fields(admin_client.get(change_url(article)))
    data["headline"] = article.headline + " (revised)"
    data["_continue"] = "Save and continue editing"
    assert admin_client.post(change_url(article), data).status_code == 302


def restore_first_revision(article):
    with reversion.create_revision():
        article.save()
    article.headline = "Changed after the revision"
    article.save()
    Version.objects.get_for_object(article).last().revision.revert()


UNSEEN = {
    "a draft saved": lambda draft, admin: draft.save(),
    "a draft's section": lambda draft, admin: add_section(draft, "<p>More draft.</p>"),
    "a draft's footnote": lambda draft, admin: add_footnote(draft, "kim2021", title="Source"),
    "a draft's sections reordered": lambda draft, admin: draft.sections.update(order=5),
    "a draft's byline": lambda draft, admin: add_byline(draft, make_author("New Writer")),
    "a draft's correction": lambda draft, admin: Correction.objects.create(
        article=draft, text="Fixed a name."
    ),
    "a draft's read-also link": lambda draft, admin: add_link(
        draft, title="Elsewhere", url="https://example.org/"
    ),
    "a draft's section deleted": lambda draft, admin: draft.sections.first().delete(),
    "a draft deleted": lambda draft, admin: draft.delete(),
    "a draft saved in the admin (its lock taken)": lambda draft, admin: save_in_admin(admin, draft),
    "a draft previewed": lambda draft, admin: admin.get(workflow.preview_url(draft)),
    "a draft's revision restored": lambda draft, admin: restore_first_revision(draft),
    "an article scheduled": lambda draft, admin: scheduled_article(),
    "a scheduled article edited before its time": lambda draft, admin: add_section(
        scheduled_article(), "<p>Embargoed words.</p>"
    ),
    "a draft put in a reading list": lambda draft, admin: ReadingListItem.objects.create(
        reading_list=ReadingList.objects.create(name="Unused", slug="unused"), article=draft
    ),
    "an unpublished article edited": lambda draft, admin: (
        setattr(draft, "status", Article.Status.UNPUBLISHED) or draft.save() or draft.save()
    ),
    "an author of drafts only renamed": lambda draft, admin: (
        add_byline(draft, author := make_author("Only Drafts")),
        setattr(author, "name", "Still Only Drafts"),
        author.save(),
    ),
}


@pytest.mark.parametrize("change", UNSEEN)
def test_changes_readers_cannot_see_keep_their_cached_pages(
    client, admin_client, story, draft, backend, change
):
    first = client.get(story.get_absolute_url())
    home = client.get("/")
    before = SiteVersion.current().key
    UNSEEN[change](draft, admin_client)
    assert SiteVersion.current().key == before
    with CaptureQueriesContext(connection) as queries:
        again = client.get(story.get_absolute_url())
    assert len(queries) == 1  # the site's state, then the page from the cache
    assert again.content == first.content
    assert again["ETag"] == first["ETag"] and again["Last-Modified"] == first["Last-Modified"]
    assert client.get("/", HTTP_IF_NONE_MATCH=home["ETag"]).status_code == 304


def test_publishing_a_draft_is_shown_at_once(client, story, draft):
    client.get("/")
    draft.status = Article.Status.PUBLISHED
    draft.save()
    assert "A draft in the works" in page(client.get("/")).get_text()


def test_deleting_a_visible_article_is_shown_at_once(client, story):
    other = make_article("Soon gone")
    assert "Soon gone" in page(client.get(story.get_absolute_url())).get_text()
    other.delete()
    assert "Soon gone" not in page(client.get(story.get_absolute_url())).get_text()


def test_article_deleted_in_the_admin_list_is_gone_from_cached_pages(client, admin_client, story):
    other = make_article("Deleted in bulk")
    assert "Deleted in bulk" in page(client.get("/")).get_text()
    admin_client.post(
        "/admin/articles/article/",
        {"action": "delete_selected", "_selected_action": [other.pk], "post": "yes"},
    )
    assert "Deleted in bulk" not in page(client.get("/")).get_text()


# Keys carry the host


def absolute_links(response):
    soup = page(response)
    data = json.loads(soup.find("script", type="application/ld+json").string)
    return {
        "canonical": soup.find("link", rel="canonical")["href"],
        "og:url": soup.find("meta", property="og:url")["content"],
        "json-ld": data["url"],
    }


@pytest.mark.parametrize("whole_pages", [True, False], ids=["page cache", "parts only"])
def test_each_host_gets_its_own_links(client, story, backend, settings, whole_pages):
    settings.NEWSROOM_PAGE_CACHE = whole_pages
    path = story.get_absolute_url()
    for host in ["localhost", "127.0.0.1", "localhost"]:
        links = absolute_links(client.get(path, HTTP_HOST=host))
        assert set(links.values()) == {f"http://{host}{path}"}


def test_a_port_in_the_host_never_reaches_other_readers(client, story):
    path = story.get_absolute_url()
    poisoned = client.get(path, HTTP_HOST="localhost:6666")
    assert "localhost:6666" in poisoned.content.decode()
    clean = client.get(path, HTTP_HOST="localhost")
    assert "6666" not in clean.content.decode()
    assert clean["ETag"] != poisoned["ETag"]


def test_a_disallowed_host_gets_400_even_for_a_cached_page(client, story):
    assert client.get(story.get_absolute_url()).status_code == 200
    assert client.get(story.get_absolute_url(), HTTP_HOST="evil.example").status_code == 400


def test_each_host_gets_its_own_api_links(client, story, backend):
    make_article("Second story")
    for host in ["localhost", "127.0.0.1"]:
        answer = client.get("/api/v1/articles/?page_size=1", HTTP_HOST=host).json()
        assert answer["next"].startswith(f"http://{host}/api/v1/articles/")
        assert answer["results"][0]["url"].startswith(f"http://{host}/")


def test_a_future_if_modified_since_never_hides_a_missing_page(client, story):
    tomorrow = (timezone.now() + datetime.timedelta(days=1)).strftime("%a, %d %b %Y %H:%M:%S GMT")
    assert client.get("/no-such-page/", HTTP_IF_MODIFIED_SINCE=tomorrow).status_code == 404
    missing = "/2020/01/01/no-such-article/"
    assert client.get(missing, HTTP_IF_MODIFIED_SINCE=tomorrow).status_code == 404
    assert client.get(story.get_absolute_url(), HTTP_IF_MODIFIED_SINCE=tomorrow).status_code == 304


def test_django_latest_works_on_articles():
    make_article("Older", hours_ago=5)
    newer = make_article("Newer", hours_ago=1)
    assert Article.objects.latest("published_at") == newer


# Reader requests never write


def read_only(cursor):
    if connection.vendor == "postgresql":
        cursor.execute("SET default_transaction_read_only = on")
    else:
        cursor.execute("PRAGMA query_only = ON")


def read_write(cursor):
    if connection.vendor == "postgresql":
        cursor.execute("SET default_transaction_read_only = off")
    else:
        cursor.execute("PRAGMA query_only = OFF")


READER_PAGES = [
    "/",
    "/en/",
    "/search/?q=words",
    "/feeds/rss/",
    "/sitemap.xml",
    "/news-sitemap.xml",
    "/robots.txt",
    "/api/v1/articles/",
]


# Restores the migrations' rows afterwards, as the other tests ending in a flush do.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("whole_pages", [True, False], ids=["page cache", "parts only"])
def test_readers_need_no_write_across_a_scheduled_publication(client, settings, whole_pages):
    """
    With the connection read-only (as on a replica, or with read-only credentials), every
    reader page answers, and a scheduled article appears at its time with no job.
    """
    settings.NEWSROOM_PAGE_CACHE = whole_pages
    story = make_article("Out already")
    add_section(story, "<p>Words.</p>")
    add_byline(story, make_author("Reporter"))
    story.tags.add("economy")
    embargoed = make_article(
        "Embargo lifts soon", published_at=timezone.now() + datetime.timedelta(seconds=2)
    )
    pages = [*READER_PAGES, story.get_absolute_url(), "/tags/economy/"]
    with connection.cursor() as cursor:
        read_only(cursor)
    try:
        for path in pages:
            assert client.get(path).status_code == 200, path
        assert "Embargo lifts soon" not in page(client.get("/")).get_text()
        assert client.get(embargoed.get_absolute_url()).status_code == 404
        time.sleep(max(0, (embargoed.published_at - timezone.now()).total_seconds()) + 0.1)
        assert "Embargo lifts soon" in page(client.get("/")).get_text()
        assert client.get(embargoed.get_absolute_url()).status_code == 200
        for path in pages:
            assert client.get(path).status_code == 200, path
    finally:
        with connection.cursor() as cursor:
            read_write(cursor)


def test_parameters_an_api_endpoint_does_not_read_make_no_other_answer(client, story, backend):
    make_article("Second story")
    first = client.get("/api/v1/articles/?page_size=1&utm_source=mail")
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/api/v1/articles/?page_size=1&cache_buster=12345")
    assert len(queries) == 1  # the site's state, then the answer from the cache
    assert again.content == first.content
    assert "utm_source" not in first.json()["next"] and "page_size=1" in first.json()["next"]
