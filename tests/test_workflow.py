import datetime
from unittest import mock

import pytest
from django.utils import timezone
from django.utils.formats import date_format
from reversion.models import Version

from articles import workflow
from articles.models import Article, Correction, FormerAddress

from .admin_forms import (
    add_inline_row,
    change_url,
    errors,
    form_fields,
    press,
    reload,
    saved,
    staff_user,
)
from .factories import add_section, make_article
from .html import page

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, django_user_model):
    user = staff_user(django_user_model, "Editor")
    client.force_login(user)
    return user


# Scheduling


def test_scheduled_article_appears_when_its_time_comes_without_any_job(client):
    article = make_article("Embargoed results", hours_ago=-2)
    assert client.get(article.get_absolute_url()).status_code == 404
    assert "Embargoed results" not in client.get("/").content.decode()

    later = timezone.now() + datetime.timedelta(hours=3)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert client.get(article.get_absolute_url()).status_code == 200
        assert "Embargoed results" in client.get("/").content.decode()


@pytest.mark.parametrize("status", ["draft", "review", "unpublished"])
def test_articles_not_published_are_invisible(client, status):
    article = make_article(status=status, published_at=timezone.now() - datetime.timedelta(days=1))
    assert client.get(article.get_absolute_url()).status_code == 404
    assert article.headline not in client.get("/").content.decode()


# Previews


def test_editor_previews_a_draft_as_readers_will_see_it(client, editor):
    article = make_article("Draft story", published=False)
    add_section(article, "<p>Body text.</p>", heading="Part one")
    response = client.get(article.get_preview_url())
    assert response.status_code == 200
    soup = page(response)
    assert soup.h1.get_text() == "Draft story"
    assert soup.select_one(".article-body h2").get_text() == "Part one"
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex, nofollow"


def test_preview_needs_a_login(client):
    article = make_article(published=False)
    response = client.get(article.get_preview_url())
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_writer_cannot_preview_someone_elses_draft(client, django_user_model):
    client.force_login(staff_user(django_user_model, "Writer"))
    assert client.get(make_article(published=False).get_preview_url()).status_code == 404


def test_shared_preview_link_shows_only_its_article_to_anyone(client):
    article = make_article("Draft for the lawyers", published=False)
    response = client.get(workflow.preview_url(article))
    assert response.status_code == 200
    assert page(response).h1.get_text() == "Draft for the lawyers"
    assert "no-cache" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_forged_or_altered_preview_links_are_404(client):
    first, second = make_article(published=False), make_article(published=False)
    token = workflow.preview_token(first)
    assert client.get(f"/preview/shared/{token}x/").status_code == 404
    assert client.get("/preview/shared/not-a-token/").status_code == 404
    forged = token.replace(token.split(":")[0], workflow.preview_token(second).split(":")[0])
    assert client.get(f"/preview/shared/{forged}/").status_code == 404


def test_expired_preview_link_stops_working(client, settings):
    article = make_article("Old draft", published=False)
    url = workflow.preview_url(article)
    settings.NEWSROOM_PREVIEW_MAX_AGE = -1  # every link is now older than allowed
    response = client.get(url)
    assert response.status_code == 410
    assert "Old draft" not in response.content.decode()
    assert "This preview link has expired" in response.content.decode()


def test_preview_link_redirects_to_the_public_url_once_published(client):
    article = make_article(published=False)
    url = workflow.preview_url(article)
    article.status = Article.Status.PUBLISHED
    article.save()
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == article.get_absolute_url()


def test_change_page_offers_both_preview_links(client, editor):
    article = make_article(published=False)
    links = page(client.get(change_url(article))).select(".field-preview_links a")
    assert links[0]["href"] == article.get_preview_url()
    assert links[1]["href"].startswith("/preview/shared/")


def test_a_shared_link_stops_working_when_the_article_is_taken_down(client):
    """The attack: a link made before a takedown still showed the article, later edits too."""
    article = make_article("Story we had to pull", published=False)
    url = workflow.preview_url(article)
    article.status = Article.Status.PUBLISHED
    article.save()
    article.status = Article.Status.UNPUBLISHED
    article.headline = "Story we had to pull, with the libel"
    article.save()
    assert client.get(url).status_code == 404
    assert client.get(workflow.preview_url(article)).status_code == 200


def test_a_shared_link_stops_working_when_the_article_is_deleted_and_brought_back(client):
    article = make_article("Deleted draft", published=False)
    url = workflow.preview_url(article)
    Article.objects.filter(pk=article.pk).delete()
    assert client.get(url).status_code == 404
    article.save()  # as recovering it from its history does: same id, row gone before
    assert client.get(url).status_code == 404


def test_editors_revoke_every_shared_link_of_an_article(client, editor):
    article = make_article("Draft for the lawyers", published=False)
    other = make_article("Another draft", published=False)
    urls = [workflow.preview_url(article), workflow.preview_url(other)]
    response = client.post(
        "/admin/articles/article/",
        {"action": "revoke_share_links", "_selected_action": [article.pk]},
    )
    assert response.status_code == 302
    assert [client.get(url).status_code for url in urls] == [404, 200]
    assert client.get(workflow.preview_url(article)).status_code == 200


def test_a_revoked_link_stays_revoked_when_an_older_copy_is_saved(client):
    article = make_article("Draft", published=False)
    url = workflow.preview_url(article)
    loaded = Article.objects.get(pk=article.pk)  # e.g. a form opened before the revoke
    workflow.revoke_share_links(Article.objects.filter(pk=article.pk))
    loaded.save()
    assert client.get(url).status_code == 404


def test_the_change_page_says_until_when_a_shared_link_works(client, editor, settings):
    settings.NEWSROOM_PREVIEW_MAX_AGE = 7 * 24 * 3600
    article = make_article(published=False)
    text = page(client.get(change_url(article))).select_one(".field-preview_links").get_text()
    until = timezone.localtime(timezone.now() + datetime.timedelta(days=7))
    assert f"it works until {date_format(until, 'DATETIME_FORMAT')}" in text


def test_a_writer_who_may_not_preview_gets_no_shared_link(
    client, django_user_model, editor, settings
):
    """The attack: a writer's read-only view of an editor's draft offered a working link."""
    settings.NEWSROOM_WRITERS_SEE = "all"
    article = make_article("Embargoed story", published=False, created_by=editor)
    client.force_login(staff_user(django_user_model, "Writer"))
    response = client.get(change_url(article))
    assert response.status_code == 200
    assert "/preview/shared/" not in response.content.decode()
    assert not page(response).select(".field-preview_links")


# Corrections and updates


def test_correction_is_shown_to_readers_and_updates_the_modified_time(client, editor):
    article = make_article(hours_ago=24)
    before = reload(article).updated_at
    data = form_fields(client.get(change_url(article)))
    opened = timezone.now()
    add_inline_row(
        data,
        "corrections",
        kind="correction",
        text="An earlier version gave the wrong budget year.",
        # Not a field of the form: a posted time is ignored.
        created_at_0="2020-01-01",
        created_at_1="10:00:00",
    )
    response = client.post(change_url(article), press(data, workflow.PUBLISH))
    assert saved(response), errors(response)
    correction = article.corrections.get()
    assert opened < correction.created_at <= timezone.now()
    assert reload(article).updated_at > before

    soup = page(client.get(article.get_absolute_url()))
    item = soup.select_one(".corrections li")
    assert item.strong.get_text() == "Correction"
    assert "An earlier version gave the wrong budget year." in item.get_text()
    assert item.time["datetime"]
    assert "Updated" in soup.select_one(".article-header .dates").get_text()


def dates_line(client, article):
    return page(client.get(article.get_absolute_url())).select_one(".article-header .dates")


def test_updated_is_shown_for_a_correction_or_marked_update_not_for_a_later_save(client):
    article = make_article(hours_ago=48)
    add_section(article, "<p>A typo fixed a day later.</p>")
    Article.objects.filter(pk=article.pk).update(updated_at=timezone.now())
    assert "Updated" not in dates_line(client, article).get_text()

    when = (timezone.now() - datetime.timedelta(hours=3)).replace(microsecond=0)
    Correction(
        article=article,
        kind=Correction.Kind.UPDATE,
        text="Police named the driver.",
        created_at=when,
    ).save()
    dates = dates_line(client, article)
    assert "Updated" in dates.get_text()
    assert dates.find_all("time")[-1]["datetime"] == timezone.localtime(when).isoformat()


def test_corrections_follow_the_body(client):
    article = make_article()
    add_section(article, "<p>The story.</p>")
    Correction.objects.create(article=article, kind="update", text="Added the ministry's reply.")
    content = client.get(article.get_absolute_url()).content.decode()
    assert content.index("The story.") < content.index("Added the ministry&#x27;s reply.")


# Address changes


def test_old_urls_of_a_published_article_redirect_permanently(client):
    article = make_article("First headline")
    first_url = article.get_absolute_url()
    article.slug = "second-slug"
    article.save()
    second_url = article.get_absolute_url()
    article.slug = "third-slug"
    article.published_at -= datetime.timedelta(days=3)
    article.save()
    for old in (first_url, second_url):
        response = client.get(old)
        assert response.status_code == 301
        assert response["Location"] == article.get_absolute_url()
    assert client.get(article.get_absolute_url()).status_code == 200


def test_slug_changes_of_drafts_leave_no_redirect(client):
    article = make_article("Draft", published=False)
    article.slug = "renamed"
    article.save()
    assert not FormerAddress.objects.exists()


def test_moving_back_to_an_old_url_serves_the_article(client):
    article = make_article("Back and forth")
    original = article.get_absolute_url()
    article.slug = "elsewhere"
    article.save()
    article.slug = "back-and-forth"
    article.save()
    assert client.get(original).status_code == 200
    assert client.get("/" + "/".join(original.split("/")[1:4]) + "/elsewhere/").status_code == 301


def test_former_address_of_an_unpublished_article_is_404(client):
    article = make_article("Withdrawn")
    old = article.get_absolute_url()
    article.slug = "withdrawn-later"
    article.save()
    article.status = Article.Status.UNPUBLISHED
    article.save()
    assert client.get(old).status_code == 404


# Revisions


def test_every_admin_save_records_a_revision_with_its_sections(client, editor):
    article = make_article("Revised story", published=False)
    add_section(article, "<p>Version one.</p>")
    response = client.post(change_url(article), form_fields(client.get(change_url(article))))
    assert saved(response), errors(response)
    version = Version.objects.get_for_object(article).get()
    assert version.revision.user == editor
    sections = [v for v in version.revision.version_set.all() if v.content_type.model == "section"]
    assert [v.field_dict["body"] for v in sections] == ["<p>Version one.</p>"]
    history = client.get(f"/admin/articles/article/{article.pk}/history/")
    assert editor.username in history.content.decode()


def test_restoring_a_revision_brings_back_headline_and_sections(client, editor):
    article = make_article("Original headline", published=False)
    add_section(article, "<p>Original paragraph.</p>")
    client.post(change_url(article), form_fields(client.get(change_url(article))))
    first = Version.objects.get_for_object(article).get()

    data = form_fields(client.get(change_url(article)))
    data["headline"] = "Changed headline"
    data["sections-0-body"] = "<p>Changed paragraph.</p>"
    add_inline_row(data, "sections", heading="Added", body="<p>Added later.</p>", order="2")
    assert saved(client.post(change_url(article), data))

    revision_url = f"/admin/articles/article/{article.pk}/history/{first.pk}/"
    response = client.post(revision_url, form_fields(client.get(revision_url)))
    assert saved(response), errors(response)
    restored = reload(article)
    assert restored.headline == "Original headline"
    assert [s.body for s in restored.sections.all()] == ["<p>Original paragraph.</p>"]
    assert "Original paragraph." in restored.body_html
    assert "Added later." not in restored.body_html


def test_restoring_a_revision_conflicts_with_forms_opened_before(client, editor):
    article = make_article(published=False)
    client.post(change_url(article), form_fields(client.get(change_url(article))))
    first = Version.objects.get_for_object(article).get()
    client.post(change_url(article), form_fields(client.get(change_url(article))))
    stale = form_fields(client.get(change_url(article)))
    revision_url = f"/admin/articles/article/{article.pk}/history/{first.pk}/"
    assert saved(client.post(revision_url, form_fields(client.get(revision_url))))
    response = client.post(change_url(article), stale)
    assert not saved(response)
    assert "saved this article" in errors(response)[0]


def test_a_deleted_article_can_be_recovered_with_its_sections(client, editor):
    article = make_article("Deleted by mistake", published=False)
    add_section(article, "<p>Precious text.</p>")
    client.post(change_url(article), form_fields(client.get(change_url(article))))
    pk = article.pk
    response = client.post(f"/admin/articles/article/{pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not Article.objects.filter(pk=pk).exists()

    listing = client.get("/admin/articles/article/recover/")
    assert "Deleted by mistake" in listing.content.decode()
    version = Version.objects.get_deleted(Article).get(object_id=str(pk))
    recover_url = f"/admin/articles/article/recover/{version.pk}/"
    response = client.post(recover_url, form_fields(client.get(recover_url)))
    assert saved(response), errors(response)
    recovered = Article.objects.get(pk=pk)
    assert "Precious text." in recovered.body_html
