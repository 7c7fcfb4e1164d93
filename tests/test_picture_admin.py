"""The picture library in the admin, and choosing its pictures on the article form."""

import json

import pytest
import reversion
from bs4 import BeautifulSoup
from django.urls import reverse

from articles.models import Picture

from .admin_forms import change_url, errors, form_fields, reload, saved, staff_user
from .factories import add_footnote, add_section, make_article, make_picture
from .pictures import photo

pytestmark = pytest.mark.django_db

LIBRARY = "/admin/articles/picture/"
ADD_PICTURE = "/admin/articles/picture/add/"


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def as_role(client, django_user_model, role, username=None):
    user = staff_user(django_user_model, role, username=username)
    client.force_login(user)
    return user


@pytest.fixture
def editor(client, django_user_model):
    return as_role(client, django_user_model, "Editor")


def test_an_upload_is_listed_with_its_thumbnail_and_who_uploaded_it(client, editor):
    response = client.post(
        ADD_PICTURE, {"file": photo((900, 600)), "alt": "Cranes", "caption": "Busan port"}
    )
    assert saved(response), errors(response)
    picture = Picture.objects.get()
    assert picture.uploaded_by == editor and (picture.width, picture.height) == (900, 600)
    row = soup(client.get(LIBRARY)).select_one("#result_list tbody tr")
    thumbnail = row.select_one("img.picture-thumbnail")
    assert thumbnail["src"] == picture.rendered.renditions("jpeg")[0]["url"]
    assert "Busan port" in row.get_text() and "900×600" in row.get_text()


@pytest.mark.parametrize("words", ["harbour", "Kim Ji-won", "container cranes"])
def test_the_library_is_searched_by_caption_credit_and_alt_text(client, editor, words):
    wanted = make_picture(
        photo(), caption="The harbour at dawn", credit="Photo: Kim Ji-won", alt="Container cranes"
    )
    make_picture(photo(), caption="A council vote", credit="Photo: Lee", alt="Councillors")
    rows = soup(client.get(LIBRARY, {"q": words})).select("#result_list tbody tr")
    assert [row.select_one("th a")["href"].split("?")[0] for row in rows] == [
        reverse("admin:articles_picture_change", args=[wanted.pk])
    ]


def test_a_picture_says_which_articles_use_it_with_links(client, editor):
    picture = make_picture(photo(), caption="Ferries")
    lead = make_article("Ferry strike", lead_picture=picture)
    figured = make_article("Island life")
    section = add_section(figured, "<p>Text.</p>")
    section.figure = picture
    section.save()
    page = soup(client.get(reverse("admin:articles_picture_change", args=[picture.pk])))
    used_in = page.select_one(".field-used_in")
    links = {a.get_text(): a["href"] for a in used_in.select("a")}
    assert links == {"Ferry strike": change_url(lead), "Island life": change_url(figured)}
    assert "(lead)" in used_in.get_text() and "(section figure)" in used_in.get_text()


def pictures_offered(client, term, field_name="lead_picture", model_name="article"):
    answer = client.get(
        "/admin/autocomplete/",
        {"term": term, "app_label": "articles", "model_name": model_name, "field_name": field_name},
    )
    assert answer.status_code == 200
    return json.loads(answer.content)["results"]


def test_the_article_form_finds_library_pictures_by_their_words(client, editor):
    picture = make_picture(photo(), caption="The harbour at dawn")
    make_picture(photo(), caption="A council vote")
    article = make_article("Ports", published=False)
    page = soup(client.get(change_url(article)))
    field = page.select_one("select#id_lead_picture")
    assert "admin-autocomplete" in field["class"]
    assert page.select_one("#add_id_lead_picture")["href"].startswith(ADD_PICTURE)
    assert pictures_offered(client, "harbour") == [
        {"id": str(picture.pk), "text": "The harbour at dawn", "thumbnail": picture.thumbnail_url}
    ]


def test_pictures_are_offered_and_shown_chosen_with_their_thumbnails(client, editor):
    picture = make_picture(photo((900, 600)), caption="Ferry at the pier")
    words_only = Picture.objects.create(caption="Ferry timetable, no file yet")
    [offered, without_file] = sorted(pictures_offered(client, "ferry"), key=lambda r: r["text"])
    thumbnail = client.get(offered["thumbnail"])
    assert thumbnail.status_code == 200 and thumbnail["Content-Type"] == "image/jpeg"
    assert offered["thumbnail"] == picture.thumbnail["url"]
    assert picture.thumbnail["width"] < picture.width
    assert without_file == {"id": str(words_only.pk), "text": "Ferry timetable, no file yet"}
    for_sections = pictures_offered(client, "ferry", "figure", "section")
    assert [r.get("thumbnail") for r in for_sections if r["id"] == str(picture.pk)] == [
        picture.thumbnail_url
    ]

    article = make_article("Ports", published=False, lead_picture=picture)
    section = add_section(article, "<p>Text.</p>")
    section.figure = picture
    section.save()
    page = soup(client.get(change_url(article)))
    for select in ["select#id_lead_picture", "select#id_sections-0-figure"]:
        chosen = page.select_one(f"{select} option[selected]")
        assert chosen["data-thumbnail"] == picture.thumbnail_url
    assert page.find("script", src=lambda src: src and "picture_picker" in src)


def test_the_add_another_popup_hands_the_new_picture_back_to_the_form(client, editor):
    response = client.post(
        ADD_PICTURE + "?_to_field=id&_popup=1",
        {"file": photo(), "alt": "A ferry", "_popup": "1", "_to_field": "id"},
    )
    picture = Picture.objects.get()
    assert response.status_code == 200
    popup = json.loads(
        soup(response).select_one("#django-admin-popup-response-constants")["data-popup-response"]
    )
    assert popup["value"] == str(picture.pk)


def test_a_picture_chosen_on_a_refused_form_is_still_chosen(client, editor):
    """The save is refused for an unknown footnote key; the picture stays on the form."""
    article = make_article("Ports", published=False, created_by=editor)
    add_footnote(article, "kim", title="A source")
    add_section(article, "<p>Claim.[^kim]</p>")
    uploaded = client.post(
        ADD_PICTURE + "?_popup=1", {"file": photo(), "alt": "Cranes", "_popup": "1"}
    )
    assert uploaded.status_code == 200
    picture = Picture.objects.get()
    data = form_fields(client.get(change_url(article)))
    data.update({"lead_picture": picture.pk, "sections-0-body": "<p>Claim.[^nobody]</p>"})
    refused = client.post(change_url(article), data)
    assert not saved(refused)
    assert reload(article).lead_picture is None
    again = form_fields(refused)
    assert again["lead_picture"] == str(picture.pk)
    again["sections-0-body"] = "<p>Claim.[^kim]</p>"
    assert saved(client.post(change_url(article), again)), errors(refused)
    assert reload(article).lead_picture == picture


def test_writers_add_pictures_and_use_them(client, django_user_model):
    writer = as_role(client, django_user_model, "Writer")
    article = make_article("My draft", published=False, created_by=writer)
    assert saved(client.post(ADD_PICTURE, {"file": photo(), "alt": "A ferry"}))
    picture = Picture.objects.get()
    data = form_fields(client.get(change_url(article)))
    assert saved(client.post(change_url(article), {**data, "lead_picture": picture.pk}))
    assert reload(article).lead_picture == picture
    page = reverse("admin:articles_picture_change", args=[picture.pk])
    assert saved(client.post(page, {"alt": "A ferry at dawn", "caption": ""}))


def test_writers_cannot_change_pictures_others_uploaded(client, django_user_model):
    other = make_picture(photo(), alt="Someone else's")
    as_role(client, django_user_model, "Writer")
    page = reverse("admin:articles_picture_change", args=[other.pk])
    response = client.post(page, {"alt": "Changed"})
    assert response.status_code == 403
    assert Picture.objects.get(pk=other.pk).alt == "Someone else's"
    assert not soup(client.get(page)).select("input[name=alt]")  # shown, read-only


def test_deleting_a_picture_in_use_is_refused_and_says_where_it_is_used(client, editor):
    picture = make_picture(photo(), caption="Ferries")
    make_article("Ferry strike", lead_picture=picture)
    page = reverse("admin:articles_picture_delete", args=[picture.pk])
    response = client.post(page, {"post": "yes"})
    assert response.status_code == 200
    text = soup(response).get_text(" ", strip=True)
    assert "would require deleting the following protected related objects" in text
    assert "Ferry strike" in text
    assert Picture.objects.filter(pk=picture.pk).exists()


def test_deleting_a_picture_a_revision_shows_is_refused(client, editor):
    picture = make_picture(photo(), caption="Ferries")
    article = make_article("Ferry strike", lead_picture=picture)
    with reversion.create_revision():
        reversion.add_to_revision(article)
    article.lead_picture = None
    article.save()
    response = client.post(
        reverse("admin:articles_picture_delete", args=[picture.pk]), {"post": "yes"}
    )
    assert "Revision of “Ferry strike”" in soup(response).get_text(" ", strip=True)
    assert Picture.objects.filter(pk=picture.pk).exists()


def test_an_unused_picture_can_be_deleted_by_an_editor(client, editor):
    picture = make_picture(photo(), caption="Left over")
    page = reverse("admin:articles_picture_delete", args=[picture.pk])
    assert saved(client.post(page, {"post": "yes"}))
    assert not Picture.objects.exists()
