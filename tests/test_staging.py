"""
Changes to a live article wait, staged, until an editor publishes them (articles/staging.py,
articles/admin/staging.py): readers, feeds, sitemaps and the API go on seeing the live
version, byte for byte; publishing shows the changes on the very next request. Through real
HTTP, forms read as a browser reads them.
"""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from reversion.models import Version

from articles import pictures, workflow
from articles.models import Picture, SiteVersion, StagedChange

from .admin_forms import (
    add_inline_row,
    buttons,
    change_url,
    errors,
    form_endpoint,
    form_fields,
    press,
    reload,
    saved,
    staff_user,
)
from .factories import add_footnote, add_link, add_section, make_article, make_picture
from .html import page
from .reader_site import api_urls, fetch, public_urls

pytestmark = pytest.mark.django_db

CHANGELIST_URL = "/admin/articles/article/"


@pytest.fixture
def writer(django_user_model):
    return staff_user(django_user_model, "Writer")


@pytest.fixture
def editor(django_user_model):
    return staff_user(django_user_model, "Editor")


@pytest.fixture
def curator(django_user_model):
    return staff_user(django_user_model, "Curator")


@pytest.fixture
def live(writer):
    article = make_article("Council passes the budget", created_by=writer)
    article.tags.add("budget")
    add_section(article, "<p>The council voted 7 to 3.[^minutes]</p>")
    add_footnote(article, "minutes", title="Council minutes")
    add_link(article, title="Earlier story", url="https://example.org/earlier")
    return reload(article)


@pytest.fixture
def reader():
    return Client()


def correct(data):
    data.update(
        headline="Council passes the budget, 7 to 2",
        slug="council-passes-the-budget-7-to-2",
        dek="A corrected dek.",
        tags=["budget", "corrections"],
    )
    data["sections-0-body"] = "<p>The council voted 7 to 2.[^minutes]</p>"
    data["related_links-0-title"] = "Earlier story, renamed"
    return data


def stage(client, user, article, change=correct):
    client.force_login(user)
    data = change(form_fields(client.get(change_url(article))))
    response = client.post(change_url(article), data)
    assert saved(response), errors(response)
    return response


def everything_readers_get(reader):
    return fetch(reader, public_urls() + api_urls())


def reader_text(reader, url):
    return reader.get(url).content.decode()


# What readers get


def test_staged_changes_change_nothing_readers_feeds_sitemaps_or_the_api_get(
    client, reader, editor, live, backend
):
    before = everything_readers_get(reader)
    version, content_version = SiteVersion.current().key, live.content_version
    revisions = Version.objects.count()

    stage(client, editor, live)

    assert everything_readers_get(reader) == before
    assert SiteVersion.current().key == version
    stored = reload(live)
    assert (stored.headline, stored.content_version) == (live.headline, content_version)
    assert stored.lock_version == live.lock_version
    assert list(stored.tags.names()) == ["budget"]
    assert Version.objects.count() == revisions
    with CaptureQueriesContext(connection) as queries:
        reader.get(live.get_absolute_url())
    assert len(queries) == 1  # the site's state: the page still comes from the cache


def test_publishing_staged_changes_shows_them_on_the_next_request_everywhere(
    client, reader, editor, live, backend
):
    urls = [live.get_absolute_url(), "/", "/feeds/rss/", "/news-sitemap.xml"]
    api = f"/api/v1/articles/{live.pk}/"
    for url in [*urls, api]:
        reader.get(url)  # cached
    stage(client, editor, live)

    data = form_fields(client.get(change_url(live)))
    assert data["headline"] == "Council passes the budget, 7 to 2"
    response = client.post(change_url(live), press(data, workflow.PUBLISH))
    assert saved(response), errors(response)

    published = reload(live)
    assert published.headline == "Council passes the budget, 7 to 2"
    assert published.published_at == live.published_at.replace(microsecond=0)  # as the form has it
    assert not StagedChange.objects.exists()
    for url in [published.get_absolute_url(), "/", "/feeds/rss/", "/news-sitemap.xml"]:
        assert "Council passes the budget, 7 to 2" in reader_text(reader, url), url
    assert "7 to 2." in reader_text(reader, published.get_absolute_url())
    assert reader.get(api).json()["headline"] == "Council passes the budget, 7 to 2"
    assert reader.get(live.get_absolute_url()).status_code == 301  # the old slug's address
    assert sorted(published.tags.names()) == ["budget", "corrections"]
    assert Version.objects.get_for_object(published).count() == 1


def test_previewing_staged_changes_shows_them_and_writes_nothing(client, editor, live):
    stage(client, editor, live)
    version = SiteVersion.current().key

    response = client.get(form_endpoint("unpublished-changes", live))

    assert response.status_code == 200, page(response).get_text()
    assert "noindex" in response.get("X-Robots-Tag", page(response).get_text())
    assert "no-cache" in response["Cache-Control"]
    shown = page(response).get_text()
    assert "Council passes the budget, 7 to 2" in shown and "voted 7 to 2." in shown
    assert "Preview: readers see the article as last published." in shown
    assert reload(live).headline == "Council passes the budget"
    assert StagedChange.objects.get().article == live
    assert SiteVersion.current().key == version


def test_the_form_shows_staged_changes_with_who_saved_them(client, writer, editor, live):
    stage(client, writer, live)
    client.force_login(editor)
    response = client.get(change_url(live))
    notice = page(response).select_one(".staged-change").get_text(" ", strip=True)
    assert notice.startswith("Unpublished changes by writer, saved at")
    assert "readers see the published version" in notice
    data = form_fields(response)
    assert data["headline"] == "Council passes the budget, 7 to 2"
    assert data["sections-0-body"] == "<p>The council voted 7 to 2.[^minutes]</p>"
    assert buttons(response) == ["publish", "unpublish"]
    # A writer's form has no publication time: the editor's keeps the article's.
    assert data["published_at_0"] == timezone.localtime(live.published_at).date().isoformat()


def test_a_refused_staging_keeps_the_text_next_to_the_error(client, editor, live):
    client.force_login(editor)
    data = correct(form_fields(client.get(change_url(live))))
    data["sections-0-body"] = "<p>Cites a missing note.[^nowhere]</p>"
    response = client.post(change_url(live), data)
    assert response.status_code == 200
    assert any("nowhere" in error for error in errors(response))
    assert form_fields(response)["headline"] == "Council passes the budget, 7 to 2"
    assert not StagedChange.objects.exists()


def test_changes_staged_after_a_form_was_opened_are_not_replaced_or_dropped_by_it(
    django_user_model, writer, editor, live
):
    kim, lee = Client(), Client()
    kim.force_login(writer)
    lee.force_login(editor)
    kims_form = correct(form_fields(kim.get(change_url(live))))
    lees_form = form_fields(lee.get(change_url(live)))
    assert saved(kim.post(change_url(live), kims_form))

    lees_form["dek"] = "Lee's own dek."
    for action in [None, "publish"]:
        refused = lee.post(change_url(live), press(lees_form, action) if action else lees_form)
        assert refused.status_code == 200
        [error] = [e for e in errors(refused) if "after this form was opened" in e]
        assert error.startswith("Unpublished changes by writer, saved at")
        assert form_fields(refused)["dek"] == "Lee's own dek."
    staged = StagedChange.objects.get()
    assert staged.staged_by == writer and staged.data["dek"] == ["A corrected dek."]
    assert reload(live).dek == live.dek

    # Opened again, Lee's form holds Kim's changes, and Lee's save keeps them.
    again = form_fields(lee.get(change_url(live)))
    assert again["dek"] == "A corrected dek."
    assert saved(lee.post(change_url(live), press(again, "publish")))
    assert reload(live).headline == "Council passes the budget, 7 to 2"
    assert not StagedChange.objects.exists()


def test_discarding_staged_changes_leaves_the_live_article(client, editor, live):
    stage(client, editor, live)
    response = client.post(form_endpoint("unpublished-changes/discard", live), follow=True)
    assert "The unpublished changes were discarded." in page(response).get_text()
    assert not StagedChange.objects.exists()
    assert form_fields(client.get(change_url(live)))["headline"] == "Council passes the budget"
    assert reload(live).headline == "Council passes the budget"
    assert client.get(form_endpoint("unpublished-changes/discard", live)).status_code == 405


def test_changes_made_on_an_older_version_are_refused_as_a_conflict(client, editor, curator, live):
    stage(client, editor, live)
    other = Client()
    other.force_login(curator)  # who writes read-also links directly
    data = form_fields(other.get(change_url(live)))
    data["related_links-0-title"] = "Curated title"
    assert saved(other.post(change_url(live), data))

    staged = press(StagedChange.objects.get().as_post(), workflow.PUBLISH)
    response = client.post(change_url(live), staged)
    assert response.status_code == 200
    assert any("curator saved this article" in error for error in errors(response))
    assert form_fields(response)["headline"] == "Council passes the budget, 7 to 2"
    assert reload(live).headline == "Council passes the budget"
    reopened = page(client.get(change_url(live))).get_text()
    assert "The published article was saved after they were made" in reopened
    assert "curator saved this article" in reopened


def test_a_save_of_a_draft_is_written_at_once(client, editor):
    draft = make_article("A draft", published=False)
    client.force_login(editor)
    data = form_fields(client.get(change_url(draft)))
    data["headline"] = "A better draft"
    assert saved(client.post(change_url(draft), data))
    assert reload(draft).headline == "A better draft"
    assert not StagedChange.objects.exists()


# Who may do what


def test_writer_stages_changes_to_own_live_article_and_cannot_publish_them(
    client, reader, writer, live
):
    client.force_login(writer)
    response = client.get(change_url(live))
    assert buttons(response) == []
    assert 'value="Save without publishing"' in response.content.decode()
    data = correct(form_fields(response))
    assert client.post(change_url(live), press(data, workflow.PUBLISH)).status_code == 403
    assert not StagedChange.objects.exists()

    response = stage(client, writer, live)
    messages = page(client.get(response["Location"])).select_one(".messagelist").get_text()
    assert "readers still see the published version" in messages
    assert "An editor publishes them." in messages
    assert StagedChange.objects.get().staged_by == writer
    assert "Council passes the budget, 7 to 2" not in reader_text(reader, live.get_absolute_url())


def test_writer_cannot_stage_changes_to_another_writers_article(client, django_user_model, live):
    client.force_login(staff_user(django_user_model, "Writer", "other-writer"))
    data = correct(form_fields(client.get(change_url(live))))
    assert client.post(change_url(live), data).status_code == 403
    assert client.post(form_endpoint("unpublished-changes/discard", live)).status_code in {403, 404}
    assert not StagedChange.objects.exists()


def test_editor_publishes_a_writers_staged_changes(client, writer, editor, live):
    stage(client, writer, live)
    client.force_login(editor)
    data = form_fields(client.get(change_url(live)))
    response = client.post(change_url(live), press(data, workflow.PUBLISH), follow=True)
    assert page(response).select_one(".messagelist").get_text().strip().startswith("Published:")
    assert reload(live).headline == "Council passes the budget, 7 to 2"
    assert reload(live).updated_by == editor


def test_writer_may_not_change_words_of_a_picture_readers_see(writer, live):
    picture = make_picture(uploaded_by=writer)
    live.lead_picture = picture
    live.save()
    assert not workflow.can_change_picture(writer, picture)


def test_curator_sees_the_live_version_and_writes_links_directly(client, writer, curator, live):
    stage(client, writer, live)
    client.force_login(curator)
    response = client.get(change_url(live))
    notice = page(response).select_one(".staged-change")
    assert "The form below holds the published version." in notice.get_text()
    assert notice.select_one("button") is None  # no Discard, and a direct post is refused
    assert client.post(form_endpoint("unpublished-changes/discard", live)).status_code == 403
    data = form_fields(response)
    assert data["related_links-0-title"] == "Earlier story"
    data["related_links-0-title"] = "Curated title"
    assert saved(client.post(change_url(live), data))
    assert live.related_links.get().title == "Curated title"
    assert StagedChange.objects.exists()


# The list


def test_the_list_shows_and_filters_live_articles_with_unpublished_changes(client, editor, live):
    calm = make_article("Nothing pending")
    stage(client, editor, live)
    listing = page(client.get(CHANGELIST_URL))
    rows = {
        row.select_one("th a").get_text(): row.select_one(".field-unpublished_changes").get_text()
        for row in listing.select("#result_list tbody tr")
    }
    assert rows[live.headline].startswith("Unpublished changes by editor")
    assert rows[calm.headline] == "-"
    filtered = page(client.get(CHANGELIST_URL + "?changes=staged"))
    assert [a.get_text() for a in filtered.select("#result_list tbody th a")] == [live.headline]


def test_a_new_row_in_a_staged_change_is_kept_until_published(client, editor, live):
    client.force_login(editor)
    data = form_fields(client.get(change_url(live)))
    add_inline_row(data, "sections", heading="What next", body="<p>A vote in May.</p>", order="1")
    assert saved(client.post(change_url(live), data))
    assert live.sections.count() == 1
    data = form_fields(client.get(change_url(live)))
    assert data["sections-1-body"] == "<p>A vote in May.</p>"
    assert saved(client.post(change_url(live), press(data, workflow.PUBLISH)))
    assert live.sections.count() == 2


def test_a_picture_only_staged_changes_show_is_kept_by_prune(client, editor, live):
    chosen = make_picture(alt="The council chamber")
    make_picture(alt="Unused")

    def choose(data):
        data["lead_picture"] = str(chosen.pk)
        return data

    stage(client, editor, live, choose)
    assert pictures.prune(delete=True).pictures == 1
    assert list(Picture.objects.all()) == [chosen]
