"""The form's preview: what it shows, who may see it, that nothing is saved."""

import pytest
from reversion.models import Version

from articles.models import Article, Section, SiteVersion

from .admin_forms import (
    ADD_URL,
    add_inline_row,
    change_url,
    form_endpoint,
    form_fields,
    reload,
    staff_user,
)
from .factories import add_footnote, add_section, make_article, make_picture
from .html import page
from .pictures import photo

pytestmark = pytest.mark.django_db


def preview_url(article=None):
    return form_endpoint("preview", article)


@pytest.fixture
def draft(editor):
    article = make_article("Chip plant draft", published=False, created_by=editor)
    add_section(article, "<p>The saved paragraph.[^a]</p>")
    add_footnote(article, "a", "Ministry report")
    return article


def stored_state(article):
    article = reload(article)
    return (
        article.headline,
        article.lock_version,
        article.content_version,
        article.body_html,
        list(article.sections.values_list("body", flat=True)),
        Version.objects.count(),
        SiteVersion.objects.values_list("version", flat=True).first(),
    )


def test_the_preview_shows_unsaved_changes_and_new_rows_and_saves_nothing(client, draft):
    data = form_fields(client.get(change_url(draft)))
    data["headline"] = "Chip plant headline, not saved"
    data["sections-0-body"] = "<p>The changed paragraph.[^a]</p>"
    add_inline_row(data, "sections", body="<p>A new paragraph.[^b]</p>", order="1")
    add_inline_row(data, "footnotes", key="b", title="New source", order="1")
    before = stored_state(draft)

    response = client.post(preview_url(draft), data)

    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-cache" in response["Cache-Control"]
    shown = page(response)
    assert shown.select_one("h1").get_text() == "Chip plant headline, not saved"
    body = shown.select_one("main").get_text(" ")
    assert "The changed paragraph." in body and "A new paragraph." in body
    assert "New source" in body
    assert "The saved paragraph." not in body
    assert stored_state(draft) == before
    assert Section.objects.filter(article=draft).count() == 1


def test_the_preview_is_sanitised_like_a_save(client, draft):
    data = form_fields(client.get(change_url(draft)))
    data["sections-0-body"] = (
        '<p onclick="steal()">Fine text<script>alert(1)</script>'
        '<a href="javascript:alert(2)">link</a></p><iframe src="https://evil.example/"></iframe>'
    )
    html = client.post(preview_url(draft), data).content.decode()
    assert "Fine text" in html
    for unsafe in ("<script>alert", "onclick", "javascript:", "<iframe"):
        assert unsafe not in html


def test_a_new_article_can_be_previewed_before_its_first_save(client, editor):
    data = form_fields(client.get(ADD_URL))
    data.update(headline="Never saved story", dek="Its dek.")
    add_inline_row(data, "sections", body="<p>First words.</p>", order="0")
    response = client.post(preview_url(), data)
    assert response.status_code == 200
    assert page(response).select_one("h1").get_text() == "Never saved story"
    assert not Article.objects.exists()


def test_a_picture_chosen_from_the_library_shows_in_the_preview_only(client, draft):
    picture = make_picture(photo(size=(900, 600)), alt="A chip plant")
    data = form_fields(client.get(change_url(draft)))
    data["lead_picture"] = str(picture.pk)
    response = client.post(preview_url(draft), data)
    assert response.status_code == 200
    assert page(response).select_one("main img")["alt"] == "A chip plant"
    assert reload(draft).lead_picture is None


def test_a_form_that_would_not_save_names_what_to_fix(client, draft):
    data = form_fields(client.get(change_url(draft)))
    data["sections-0-body"] = "<p>Cites a note that does not exist.[^nope]</p>"
    before = stored_state(draft)
    response = client.post(preview_url(draft), data)
    assert response.status_code == 200
    errors = [item.get_text(" ", strip=True) for item in page(response).select(".errorlist li")]
    assert any("nope" in error for error in errors)
    assert stored_state(draft) == before


def test_a_preview_is_only_posted(client, draft):
    assert client.get(preview_url(draft)).status_code == 405


def test_only_staff_who_may_edit_the_article_preview_it(client, django_user_model, draft):
    data = form_fields(client.get(change_url(draft)))
    client.logout()
    assert client.post(preview_url(draft), data).status_code == 302  # to the login page
    client.force_login(staff_user(django_user_model, "Writer", username="another-writer"))
    # A writer does not see an editor's draft at all.
    assert client.post(preview_url(draft), data).status_code == 404
    assert reload(draft).headline == "Chip plant draft"


def test_a_writer_who_may_not_edit_a_visible_article_may_not_preview_it(
    client, django_user_model, settings
):
    settings.NEWSROOM_WRITERS_SEE = "all"
    article = make_article("Someone else's draft", published=False)
    client.force_login(staff_user(django_user_model, "Writer"))
    response = client.post(preview_url(article), {"headline": "Mine now"})
    assert response.status_code == 403


def test_a_form_older_than_the_last_save_says_who_saved_instead_of_previewing(client, draft):
    data = form_fields(client.get(change_url(draft)))
    newer = reload(draft)
    newer.headline = "A colleague's headline"
    newer.save()
    response = client.post(preview_url(draft), data)
    assert response.status_code == 200
    assert "while you were editing it" in page(response).select_one(".errorlist").get_text()
    assert reload(draft).headline == "A colleague's headline"


def test_a_writer_previews_their_own_draft(client, django_user_model):
    writer = staff_user(django_user_model, "Writer")
    client.force_login(writer)
    article = make_article("Writer's draft", published=False, created_by=writer)
    data = form_fields(client.get(change_url(article)))
    data["headline"] = "Writer's better headline"
    response = client.post(preview_url(article), data)
    assert page(response).select_one("h1").get_text() == "Writer's better headline"
    assert reload(article).headline == "Writer's draft"
