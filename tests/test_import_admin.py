"""The admin's import page holds to the change form's rules: who may replace what, and how."""

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from reversion.models import Version

from articles.models import Article, Author

from .admin_forms import staff_user
from .factories import add_section, make_article
from .html import page

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/articles/article/import/"


def document(slug="", headline="Harbour cranes go electric", body="<p>Imported text.</p>"):
    return {
        "format": "newsroom.article/1",
        "headline": headline,
        "slug": slug,
        "authors": ["A. Newcomer"],
        "sections": [{"heading": "", "body": body}],
    }


def upload(client, content, name="story.json"):
    """Post a file to the first step; the preview page."""
    if isinstance(content, dict):
        content = json.dumps(content)
    response = client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, content.encode())})
    assert response.status_code == 200
    return response


def hidden_fields(preview):
    form = page(preview).find("input", attrs={"name": "token"}).find_parent("form")
    return {field["name"]: field["value"] for field in form.find_all("input", type="hidden")}


def confirm(client, preview, choice=None):
    """Post the preview's own form back, as a browser would, with ``choice`` ticked."""
    data = hidden_fields(preview)
    if choice:
        data["choice"] = choice
    return client.post(IMPORT_URL, data)


@pytest.fixture
def published():
    article = make_article("Ferry timetable changes", slug="ferry-timetable")
    add_section(article, "<p>The published text.</p>")
    return article


def test_a_writer_importing_a_published_articles_slug_gets_a_new_draft(
    client, django_user_model, published
):
    """The attack: a document naming a published article's slug replaced and unpublished it."""
    writer = staff_user(django_user_model, "Writer")
    client.force_login(writer)
    preview = upload(client, document(slug="ferry-timetable"))
    assert "Ferry timetable changes" in page(preview).get_text()  # the match is shown
    assert 'value="replace"' not in preview.content.decode()
    response = confirm(client, preview, choice="replace")
    assert response.status_code in {200, 403}
    confirm(client, preview)
    published.refresh_from_db()
    assert published.status == Article.Status.PUBLISHED
    assert "The published text." in published.body_html
    assert client.get(published.get_absolute_url()).status_code == 200
    copy = Article.objects.exclude(pk=published.pk).get()
    assert copy.status == Article.Status.DRAFT and copy.created_by == writer
    assert copy.slug != "ferry-timetable"


def test_a_tampered_document_is_refused_and_nothing_is_written(client, django_user_model):
    client.force_login(staff_user(django_user_model, "Editor"))
    preview = upload(client, document())
    data = hidden_fields(preview)
    data["token"] = data["token"][:-3] + "abc"
    response = client.post(IMPORT_URL, data)
    assert response.status_code == 200
    assert "upload the file again" in response.content.decode()
    assert not Article.objects.exists()


def test_the_old_hidden_document_field_is_not_trusted(client, django_user_model, published):
    client.force_login(staff_user(django_user_model, "Writer"))
    response = client.post(
        IMPORT_URL,
        {"document": json.dumps(document(slug="ferry-timetable")), "source_name": "story.json"},
    )
    assert response.status_code == 200
    assert Article.objects.count() == 1
    assert Article.objects.get().headline == "Ferry timetable changes"


def test_a_writer_never_adds_authors_through_an_import(client, django_user_model):
    client.force_login(staff_user(django_user_model, "Writer"))
    confirm(client, upload(client, document()))
    assert Article.objects.get().bylines.count() == 0
    assert not Author.objects.exists()


def test_replacing_a_published_article_needs_the_explicit_choice_and_keeps_it_published(
    client, django_user_model, published
):
    editor = staff_user(django_user_model, "Editor")
    client.force_login(editor)
    preview = upload(client, document(slug="ferry-timetable", body="<p>New text.</p>"))
    shown = preview.content.decode()
    assert 'value="replace"' in shown
    assert "The published text." in shown and "New text." in shown  # the differences
    confirm(client, preview)  # nothing ticked: a new draft, the published one untouched
    published.refresh_from_db()
    assert "The published text." in published.body_html
    Article.objects.exclude(pk=published.pk).delete()
    response = confirm(
        client, upload(client, document(slug="ferry-timetable", body="<p>New.</p>")), "replace"
    )
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.status == Article.Status.PUBLISHED
    assert "New." in published.body_html
    assert Article.objects.count() == 1


def test_a_publisher_is_needed_to_replace_a_published_article(client, django_user_model, published):
    """An editor without the right to publish may replace drafts, not what readers see."""
    editor = staff_user(django_user_model, "Editor")
    editor.groups.first().permissions.remove(
        *editor.groups.first().permissions.filter(codename="publish_article")
    )
    client.force_login(editor)
    preview = upload(client, document(slug="ferry-timetable"))
    assert 'value="replace"' not in preview.content.decode()
    assert confirm(client, preview, "replace").status_code == 403
    published.refresh_from_db()
    assert "The published text." in published.body_html


def test_replacing_records_the_article_as_it_was_first(client, django_user_model, published):
    client.force_login(staff_user(django_user_model, "Editor"))
    assert not Version.objects.get_for_object(published).exists()
    confirm(client, upload(client, document(slug="ferry-timetable", body="<p>New.</p>")), "replace")
    versions = Version.objects.get_for_object(published).order_by("pk")
    before = versions.first()
    assert "Ferry timetable changes" in before.serialized_data
    sections = [v for v in before.revision.version_set.all() if v.content_type.model == "section"]
    assert any("The published text." in v.serialized_data for v in sections)


def test_an_article_changed_since_the_preview_is_not_replaced(client, django_user_model, published):
    client.force_login(staff_user(django_user_model, "Editor"))
    preview = upload(client, document(slug="ferry-timetable", body="<p>New.</p>"))
    published.headline = "Ferry timetable changes again"
    published.save()
    response = confirm(client, preview, "replace")
    assert response.status_code == 200
    assert "changed since" in response.content.decode()
    published.refresh_from_db()
    assert "The published text." in published.body_html


# Source identity (finding 2): a file's name says nothing about which article it is.

STORY = "{headline}\n\nWhat the city said on Monday.\n\n{text} It was a long day at the port.\n"


def test_two_writers_importing_files_of_the_same_name_get_two_articles(client, django_user_model):
    first, second = (staff_user(django_user_model, "Writer", name) for name in ["ana", "bo"])
    client.force_login(first)
    confirm(
        client, upload(client, STORY.format(headline="Night market opens", text="A."), "story.txt")
    )
    Article.objects.update(status=Article.Status.PUBLISHED)
    client.force_login(second)
    preview = upload(client, STORY.format(headline="Tram line delayed", text="B."), "story.txt")
    assert "matches" not in page(preview).get_text()
    confirm(client, preview)
    assert sorted(Article.objects.values_list("headline", "status")) == [
        ("Night market opens", "published"),
        ("Tram line delayed", "draft"),
    ]


def test_a_page_naming_its_canonical_address_matches_the_article_imported_from_it(
    client, django_user_model
):
    html = (
        '<html><head><link rel="canonical" href="https://example.org/news/cranes">'
        "</head><body><h1>{}</h1><p>What the port said.</p>"
        "<p>The cranes at the harbour now run on electricity.</p></body></html>"
    )
    client.force_login(staff_user(django_user_model, "Editor"))
    confirm(client, upload(client, html.format("Harbour cranes go electric"), "a.html"))
    article = Article.objects.get()
    assert article.source_ref == "url:https://example.org/news/cranes"
    preview = upload(client, html.format("Harbour cranes now electric"), "other-name.html")
    assert "Harbour cranes go electric" in page(preview).get_text()
    assert confirm(client, preview, "replace").status_code == 302
    assert Article.objects.get().headline == "Harbour cranes now electric"


def test_a_writer_learns_nothing_of_others_drafts_from_a_match(client, django_user_model):
    secret = make_article("Merger talks collapse", published=False, slug="merger-talks")
    client.force_login(staff_user(django_user_model, "Writer"))
    preview = upload(client, document(slug="merger-talks"))
    assert "Merger talks collapse" not in preview.content.decode()
    confirm(client, preview)
    assert Article.objects.exclude(pk=secret.pk).get().slug != "merger-talks"


def test_the_review_shows_each_sections_figure_and_the_save_keeps_them(client, django_user_model):
    client.force_login(staff_user(django_user_model, "Editor"))
    saved = Path(__file__).parent / "fixtures" / "pages" / "real" / "inline-figures.html"
    preview = upload(client, saved.read_text(), name="cranes.html")
    sections = page(preview).find("th", string="Sections").find_next_sibling("td")
    items = sections.find("ol").find_all("li", recursive=False)
    assert [item.find("dl") is not None for item in items] == [True, False, True, True, False]
    figure = {
        dt.get_text(): dt.find_next_sibling("dd").get_text() for dt in items[0].find_all("dt")
    }
    assert figure == {
        "Figure caption": "Night shifts on the quay will be quieter.",
        "Credit": "Busan Port Authority",
        "Alt text": "The quay lit at night",
        "Picture on the page": "https://news.example.com/images/quay-night-1600.jpg",
    }
    assert items[0].find("a")["href"] == "https://news.example.com/images/quay-night-1600.jpg"
    assert items[1].get_text(strip=True) == "(no heading)"
    confirm(client, preview)
    article = Article.objects.get()
    assert [s.figure.credit if s.figure else None for s in article.sections.all()] == [
        "Busan Port Authority",
        None,
        "Seo-yeon Lee",
        "Tae-hoon Choi",
        None,
    ]
