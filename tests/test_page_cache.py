import datetime
import subprocess
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from taggit.models import Tag

from articles import tagging, workflow
from articles.models import Article, Correction, ReadingList, ReadingListItem

from .admin_forms import form_fields
from .factories import add_byline, add_footnote, add_link, add_section, make_article, make_author
from .html import page

pytestmark = pytest.mark.django_db


def text(client, url):
    return page(client.get(url)).get_text()


def test_a_second_view_is_served_from_the_cache(client, story, backend):
    client.get(story.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        response = client.get(story.get_absolute_url())
    assert response.status_code == 200 and "First words." in response.content.decode()
    assert len(queries) == 1  # the site version only


TRIGGERS = {
    "the article": lambda story, other: (
        setattr(story, "headline", "Changed headline") or story.save()
    ),
    "a section": lambda story, other: add_section(story, "<p>Changed words.</p>"),
    "a footnote": lambda story, other: (
        add_footnote(story, "n", title="Changed source"),
        add_section(story, "<p>Cite.[^n]</p>"),
    ),
    "a link": lambda story, other: add_link(
        story, title="Changed link", url="https://example.org/"
    ),
    "a correction": lambda story, other: Correction.objects.create(
        article=story, text="Changed: a correction."
    ),
    "a linked article's headline": lambda story, other: (
        setattr(other, "headline", "Changed linked headline") or other.save()
    ),
    "a linked article's visibility": lambda story, other: (
        setattr(other, "status", Article.Status.UNPUBLISHED) or other.save()
    ),
    "an author": lambda story, other: add_byline(story, make_author("Changed Author")),
    "an author's name": lambda story, other: rename(story.authors.get(), "Changed Name"),
    "a reading list": lambda story, other: ReadingListItem.objects.create(
        reading_list=story.reading_lists.get(), article=make_article("Changed list item")
    ),
}


def rename(author, name):
    author.name = name
    author.save()


@pytest.mark.parametrize("whole_pages", [True, False], ids=["page cache", "parts only"])
@pytest.mark.parametrize("trigger", TRIGGERS)
def test_every_change_readers_could_see_is_shown_at_once(
    client, settings, story, backend, trigger, whole_pages
):
    """Whether whole pages are cached or only their parts (articles/page_fragments.py)."""
    settings.NEWSROOM_PAGE_CACHE = whole_pages
    other = make_article("Linked story")
    add_byline(story, make_author("Original Author"))
    add_link(story, target=other)
    story.reading_lists.add(ReadingList.objects.create(name="List", slug="list"))
    before = text(client, story.get_absolute_url())
    TRIGGERS[trigger](Article.objects.get(pk=story.pk), Article.objects.get(pk=other.pk))
    after = text(client, story.get_absolute_url())
    assert after != before
    assert "Changed" in after or "Linked story" not in after


def test_tag_merge_is_shown_at_once(client, story, backend):
    story.tags.add("artificial intelligence")
    assert "artificial intelligence" in text(client, story.get_absolute_url())
    tagging.merge_tags(
        list(Tag.objects.filter(name="artificial intelligence")), Tag.objects.create(name="ai")
    )
    assert "artificial intelligence" not in text(client, story.get_absolute_url())


def test_tag_renamed_or_deleted_in_the_admin_is_shown_at_once(client, admin_client, story):
    story.tags.add("artificial intelligence")
    tag = Tag.objects.get(name="artificial intelligence")
    assert "artificial intelligence" in text(client, story.get_absolute_url())
    change = f"/admin/taggit/tag/{tag.pk}/change/"
    data = form_fields(admin_client.get(change), form_id="tag_form")
    data.update(name="machine learning", slug="machine-learning")
    assert admin_client.post(change, data).status_code == 302
    assert "machine learning" in text(client, story.get_absolute_url())
    admin_client.post(f"/admin/taggit/tag/{tag.pk}/delete/", {"post": "yes"})
    assert "machine learning" not in text(client, story.get_absolute_url())


def test_cached_page_carries_the_headers_of_the_page_as_made(client, story):
    made = client.get(story.get_absolute_url())
    served = client.get(story.get_absolute_url())
    for header in [
        "Content-Type",
        "Content-Length",
        "Content-Security-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "ETag",
    ]:
        assert served[header] == made[header], header
    assert served.content == made.content


def test_scheduled_article_appears_on_cached_pages_at_its_time(client, backend):
    make_article("Already out")
    scheduled = make_article("Embargoed", hours_ago=-1)
    assert "Embargoed" not in text(client, "/")
    later = timezone.now() + datetime.timedelta(hours=2)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert "Embargoed" in text(client, "/")
        assert client.get(scheduled.get_absolute_url()).status_code == 200


def test_cached_entries_expire_by_the_next_scheduled_publication(client, settings):
    make_article("Embargoed", published_at=timezone.now() + datetime.timedelta(seconds=90))
    response = client.get("/")
    assert "s-maxage=60" in response["Cache-Control"]
    settings.NEWSROOM_CDN_MAX_AGE = 600
    assert 85 <= int(client.get("/")["Cache-Control"].split("s-maxage=")[1].split(",")[0]) <= 90


def test_preview_is_never_cached_for_readers(client, story):
    draft = make_article("Draft in preview", published=False)
    response = client.get(workflow.preview_url(draft))
    assert "private" in response["Cache-Control"] and "no-cache" in response["Cache-Control"]
    assert "ETag" not in response
    draft.status = Article.Status.PUBLISHED
    draft.save()
    assert "Draft in preview" in text(client, draft.get_absolute_url())


# Conditional requests


def test_pages_carry_etag_last_modified_and_cdn_cache_control(client, story):
    response = client.get(story.get_absolute_url())
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"].endswith("GMT")
    control = response["Cache-Control"]
    assert "public" in control and "max-age=0" in control and "s-maxage=" in control


def test_unchanged_page_answers_304(client, story):
    first = client.get(story.get_absolute_url())
    again = client.get(story.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    since = client.get(story.get_absolute_url(), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304


def test_changed_page_answers_200_to_an_old_etag(client, story):
    first = client.get(story.get_absolute_url())
    add_section(story, "<p>News.</p>")
    again = client.get(story.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200 and again["ETag"] != first["ETag"]


def test_other_pages_have_other_etags(client, story):
    assert client.get("/")["ETag"] != client.get(story.get_absolute_url())["ETag"]


def test_health_check_needs_nothing(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok\n"
    assert len(queries) == 0


# Serving


def test_make_serve_refuses_to_start_without_a_secret_key():
    environment = {"PATH": "/usr/bin:/bin", "HOME": "/tmp"}
    result = subprocess.run(
        ["make", "-s", "-o", ".venv/.installed", "serve"],
        cwd=django_settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "make serve: SECRET_KEY is not set." in result.stderr.splitlines()[0]


def test_parameters_a_page_does_not_read_give_the_same_cached_page(client, story):
    client.get(story.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        shared = client.get(story.get_absolute_url() + "?utm_source=feed&fbclid=Iw4R")
    assert shared.status_code == 200 and "First words." in shared.content.decode()
    assert len(queries) == 1  # the page cached for the plain address


def test_a_list_keeps_its_own_parameters_and_no_others(client, settings):
    settings.NEWSROOM_ARTICLES_PER_PAGE = 1
    for n in range(3):
        make_article(f"Listed {n}", hours_ago=n + 1)
    older = page(client.get("/")).select_one('.pagination a[rel="next"]')["href"]
    second = client.get(f"{older}&utm_campaign=spring")
    assert "Listed 1" in second.content.decode()
    links = [a["href"] for a in page(second).select(".pagination a")]
    assert links and not any("utm_campaign" in link for link in links)
    assert client.get(older)["ETag"] == second["ETag"]
    third = page(second).select_one('.pagination a[rel="next"]')["href"]
    assert client.get(third)["ETag"] != second["ETag"]
