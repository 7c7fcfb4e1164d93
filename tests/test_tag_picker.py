"""Entering an article's tags in the admin, and how the admin names tags and times."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from taggit.models import Tag

from articles.admin.tag_picker import names

from .admin_forms import change_url, errors, form_fields, reload, saved
from .factories import make_article
from .html import page

pytestmark = pytest.mark.django_db

NAMES_URL = "/admin/taggit/tag/names/"


def tag_select(client, article):
    return page(client.get(change_url(article))).find("select", attrs={"name": "tags"})


def test_tags_are_chosen_one_by_one_with_no_quoting_rules_shown(client, editor):
    article = make_article()
    article.tags.add("city hall", "budget")
    select = tag_select(client, article)
    assert select.has_attr("multiple")
    assert "admin-autocomplete" in select["class"]
    assert select["data-tags"] == "true"
    assert select["data-ajax--url"] == NAMES_URL
    chosen = [o["value"] for o in select.find_all("option", selected=True)]
    assert sorted(chosen) == ["budget", "city hall"]
    help_text = page(client.get(change_url(article))).select_one(".field-tags .help").get_text()
    assert "comma-separated" not in help_text and "quote" not in help_text.lower()


def test_a_tag_of_several_words_is_saved_as_typed(client, editor):
    article = make_article(published=False)  # a live article's changes would be staged
    Tag.objects.create(name="City Hall", slug="city-hall")
    data = form_fields(client.get(change_url(article)))
    data["tags"] = ["city hall", "Han River, floods", "  budget   2027 "]
    response = client.post(change_url(article), data)
    assert saved(response), errors(response)
    # Matched to the tag in use whatever the case; commas inside a tag are its own.
    assert sorted(reload(article).tags.names()) == ["City Hall", "Han River, floods", "budget 2027"]


def test_a_tag_too_long_is_refused_beside_the_field(client, editor):
    article = make_article()
    data = form_fields(client.get(change_url(article)))
    data["tags"] = ["x" * 101]
    response = client.post(change_url(article), data)
    assert not saved(response)
    field = page(response).select_one(".field-tags")
    assert "a tag has at most 100 characters" in field.get_text()


def test_tag_names_are_offered_starting_with_what_was_typed_first(client, editor):
    for name in ["harbour", "Busan harbour", "Harbour lights", "ports"]:
        Tag.objects.create(name=name, slug=name.lower().replace(" ", "-"))
    response = client.get(NAMES_URL, {"term": "harb"})
    assert [r["id"] for r in response.json()["results"]] == [
        "harbour",
        "Harbour lights",
        "Busan harbour",
    ]


def test_tag_names_are_for_staff_who_edit_articles(client, django_user_model):
    assert client.get(NAMES_URL, {"term": "a"}).status_code == 302
    outsider = django_user_model.objects.create_user("outsider", password="x", is_staff=True)
    client.force_login(outsider)
    assert client.get(NAMES_URL, {"term": "a"}).status_code == 403


@given(st.lists(st.text(max_size=30), max_size=8))
def test_names_are_tidy_and_each_once_whatever_is_typed(typed):
    result = names(typed)
    assert all(name == " ".join(name.split()) and name for name in result)
    assert len({name.casefold() for name in result}) == len(result)
    assert {name.casefold() for name in result} == {
        " ".join(t.split()).casefold() for t in typed if t.split()
    }


# How the admin names tags and times


def test_the_admin_calls_the_tag_app_tags(client, editor):
    index = page(client.get("/admin/"))
    captions = [c.get_text(strip=True) for c in index.select(".app-taggit caption a")]
    assert captions == ["Tags"]
    assert "Taggit" not in index.get_text()


def test_time_fields_say_they_are_in_the_newsrooms_time_zone(client, editor, settings):
    settings.TIME_ZONE = "Asia/Seoul"
    help_text = page(client.get(change_url(make_article()))).select_one(".field-published_at .help")
    assert "Times are the newsroom's: Asia/Seoul." in help_text.get_text()
