"""Autosaves of the article form: kept per editor, never the article, offered and restored."""

import pytest
from django.test import Client

from articles.autosave import Autosave

from .admin_forms import (
    ADD_URL,
    add_inline_row,
    change_url,
    form_endpoint,
    form_fields,
    press,
    reload,
    saved,
    staff_user,
)
from .factories import add_section, make_article
from .html import page

pytestmark = pytest.mark.django_db


def autosave_url(article=None):
    return form_endpoint("autosave", article)


@pytest.fixture
def article(editor):
    article = make_article("Published chip story", created_by=editor)
    add_section(article, "<p>What readers read.</p>")
    return article


def typed(client, article):
    data = form_fields(client.get(change_url(article)))
    data["headline"] = "Headline being written"
    data["sections-0-body"] = "<p>Words typed before the crash.</p>"
    return data


def test_an_autosave_keeps_the_form_and_never_touches_the_article(client, editor, article):
    before = reload(article)
    response = client.post(autosave_url(article), typed(client, article))
    assert response.status_code == 200
    assert "saved_at" in response.json()
    autosave = Autosave.objects.get(user=editor, article=article)
    assert autosave.data["headline"] == ["Headline being written"]
    assert "csrfmiddlewaretoken" not in autosave.data
    after = reload(article)
    assert (after.headline, after.lock_version, after.body_html) == (
        before.headline,
        before.lock_version,
        before.body_html,
    )
    reader_page = client.get(article.get_absolute_url()).content.decode()
    assert "Words typed before the crash." not in reader_page


def test_autosaving_again_replaces_the_editors_one_autosave(client, editor, article):
    data = typed(client, article)
    client.post(autosave_url(article), data)
    data["headline"] = "Second try"
    client.post(autosave_url(article), data)
    assert Autosave.objects.get().data["headline"] == ["Second try"]


def test_reopening_the_form_offers_the_autosave_and_restoring_fills_the_form(
    client, editor, article
):
    client.post(autosave_url(article), typed(client, article))
    offer = page(client.get(change_url(article))).select_one(".autosave-offer")
    assert "Restore autosaved version from" in offer.get_text()
    restore = offer.select_one("a")["href"]

    restored = client.get(change_url(article) + restore)
    fields = form_fields(restored)
    assert fields["headline"] == "Headline being written"
    assert fields["sections-0-body"] == "<p>Words typed before the crash.</p>"
    assert "is in the form below. It is not saved yet" in page(restored).get_text()
    assert reload(article).headline == "Published chip story"

    assert saved(client.post(change_url(article), press(fields, "publish")))  # Publish changes
    assert reload(article).headline == "Headline being written"
    assert not Autosave.objects.exists()


def test_a_restored_autosave_keeps_its_new_inline_rows(client, editor, article):
    data = typed(client, article)
    add_inline_row(data, "sections", body="<p>A paragraph added, never saved.</p>", order="1")
    client.post(autosave_url(article), data)
    fields = form_fields(client.get(change_url(article) + "?restore-autosave"))
    assert fields["sections-1-body"] == "<p>A paragraph added, never saved.</p>"


def test_discarding_drops_the_autosave_only(client, editor, article):
    client.post(autosave_url(article), typed(client, article))
    response = client.post(autosave_url(article) + "discard/", {})
    assert response.status_code == 302
    assert response["Location"] == change_url(article)
    assert not Autosave.objects.exists()
    assert reload(article).headline == "Published chip story"
    assert not page(client.get(change_url(article))).select(".autosave-offer")


def test_a_new_articles_autosave_is_offered_on_the_add_form_and_gone_after_saving(client, editor):
    data = form_fields(client.get(ADD_URL))
    data.update(headline="A story not saved yet", dek="Dek.")
    client.post(autosave_url(), data)
    assert Autosave.objects.get().article is None
    assert page(client.get(ADD_URL)).select_one(".autosave-offer")
    fields = form_fields(client.get(ADD_URL + "?restore-autosave"))
    assert fields["headline"] == "A story not saved yet"
    assert saved(client.post(ADD_URL, fields))
    assert not Autosave.objects.exists()


def test_an_autosave_is_offered_to_its_editor_only(client, django_user_model, editor, article):
    client.post(autosave_url(article), typed(client, article))
    colleague = Client()
    colleague.force_login(staff_user(django_user_model, "Editor", username="colleague"))
    response = colleague.get(change_url(article) + "?restore-autosave")
    assert not page(response).select(".autosave-offer")
    assert form_fields(response)["headline"] == "Published chip story"


def test_an_autosave_needs_the_csrf_token(editor, article):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(editor)
    data = typed(browser, article)
    del data["csrfmiddlewaretoken"]
    assert browser.post(autosave_url(article), data).status_code == 403
    assert not Autosave.objects.exists()


def test_only_those_who_may_change_the_article_autosave(
    client, django_user_model, article, settings
):
    settings.NEWSROOM_WRITERS_SEE = "all"
    data = typed(client, article)
    client.force_login(staff_user(django_user_model, "Writer"))
    assert client.post(autosave_url(article), data).status_code == 403
    assert client.get(autosave_url(article)).status_code == 405
    client.logout()
    assert client.post(autosave_url(article), data).status_code == 302
    assert not Autosave.objects.exists()
