from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import rendering
from articles.models import Article, Author, Section

from .admin_forms import (
    ADD_URL,
    add_inline_row,
    change_url,
    errors,
    form_fields,
    post_change,
    reload,
    saved,
    staff_user,
)
from .factories import add_footnote, add_section, make_article, make_picture, png_upload
from .html import page

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, django_user_model):
    user = staff_user(django_user_model, "Editor")
    client.force_login(user)
    return user


@pytest.fixture
def article(editor):
    article = make_article(
        "Chips and the three-year test", dek="A dek.", published=False, created_by=editor
    )
    add_footnote(article, "kim", title="Learning from abroad")
    add_section(article, "<p>Opening claim.[^kim]</p>")
    add_section(article, "<p>Second part.</p>", heading="What comes next")
    return article


def warnings(response):
    return [m.message for m in response.wsgi_request._messages if m.level_tag == "warning"]


def test_editor_writes_an_article_with_sections_and_footnotes_on_one_page(client, editor):
    data = form_fields(client.get(ADD_URL))
    data.update(headline="Seoul picks three sites", dek="Power is the open question.")
    add_inline_row(data, "footnotes", key="moef2026", title="Budget statement", order="1")
    add_inline_row(data, "sections", heading="", body="<p>Sites named.[^moef2026]</p>", order="1")
    add_inline_row(
        data, "sections", heading="Power", body="<p>Grid limits.[^moef2026]</p>", order="2"
    )
    response = client.post(ADD_URL, data)
    assert saved(response), errors(response)
    article = Article.objects.get(headline="Seoul picks three sites")
    assert article.created_by == editor and article.updated_by == editor
    assert article.status == Article.Status.DRAFT
    assert article.body_html.count('role="doc-noteref"') == 2
    assert [s.heading for s in article.sections.all()] == ["", "Power"]


def test_change_page_offers_the_rich_text_editor_and_autocompletes(client, article):
    soup = page(client.get(change_url(article)))
    body = soup.find("textarea", attrs={"name": "sections-0-body"})
    assert "prose-editor" in str(body.parent) or body.has_attr("data-django-prose-editor")
    author = soup.find("select", attrs={"name": "bylines-__prefix__-author"})
    target = soup.find("select", attrs={"name": "related_links-__prefix__-target"})
    for select in (author, target):
        assert "admin-autocomplete" in select["class"]
        assert len([o for o in select.find_all("option") if o.get("value")]) == 0


def test_page_lists_the_footnote_keys_to_cite(client, article):
    soup = page(client.get(change_url(article)))
    assert "[^kim]" in soup.select_one(".field-citable_notes").get_text()


def test_rich_text_is_sanitised_whatever_the_browser_sends(client, article):
    response = post_change(
        client, article, **{"sections-1-body": '<p onclick="x()">Safe<script>alert(1)</script></p>'}
    )
    assert saved(response), errors(response)
    assert Section.objects.get(article=article, heading="What comes next").body == "<p>Safe</p>"


def test_sections_reorder_by_typing_positions(client, article):
    response = post_change(client, article, **{"sections-0-order": "5", "sections-1-order": "1"})
    assert saved(response), errors(response)
    assert [s.heading for s in reload(article).sections.all()] == ["What comes next", ""]
    assert reload(article).body_html.index("What comes next") < reload(article).body_html.index(
        "Opening claim"
    )


def test_marker_citing_a_missing_key_refuses_the_save(client, article):
    response = post_change(client, article, **{"sections-1-body": "<p>Claim.[^nobody]</p>"})
    assert not saved(response)
    assert (
        "Section 2 (“What comes next”) cites [^nobody], but no footnote has the key “nobody”."
        in errors(response)
    )
    assert "nobody" not in reload(article).body_html


def test_deleting_a_cited_footnote_refuses_the_save(client, article):
    response = post_change(client, article, **{"footnotes-0-DELETE": "on"})
    assert not saved(response)
    assert any("Section 1 cites [^kim]" in e for e in errors(response))
    assert reload(article).footnotes.count() == 1


def test_two_footnotes_with_one_key_refuse_the_save(client, article):
    data = form_fields(client.get(change_url(article)))
    add_inline_row(data, "footnotes", key="kim", title="Another source", order="2")
    response = client.post(change_url(article), data)
    assert not saved(response)
    assert any("another footnote already has the key “kim”" in e for e in errors(response))
    assert reload(article).footnotes.count() == 1


def test_footnote_url_must_be_http_or_https(client, article):
    response = post_change(client, article, **{"footnotes-0-url": "javascript:alert(1)"})
    assert not saved(response)
    assert errors(response) == ["Enter a valid URL."]


def test_publishing_a_lead_image_without_alt_text_is_refused(client, article):
    article.lead_picture = make_picture(png_upload())
    article.save()
    response = post_change(client, reload(article), _workflow="publish")
    assert not saved(response)
    assert errors(response) == [
        "Write alt text for the lead image before publishing, or mark it decorative."
    ]
    assert reload(article).status == Article.Status.DRAFT


def test_a_decorative_lead_image_needs_no_alt_text(client, article):
    article.lead_picture = make_picture(png_upload(), decorative=True)
    article.save()
    response = post_change(client, reload(article), _workflow="publish")
    assert saved(response), errors(response)
    assert reload(article).is_visible_to_readers


def test_warnings_are_saved_and_named(client, article):
    data = form_fields(client.get(change_url(article)))
    add_inline_row(data, "footnotes", key="unused", title="Never cited", order="2")
    data["sections-1-heading"] = "Chips and the three-year test"
    data["sections-1-body"] = "<p>Same words here.</p><p>Same words here.</p>"
    data["lead_picture"] = make_picture(png_upload(), alt="A map", caption="A dek.").pk
    response = client.post(change_url(article), data, follow=True)
    assert response.redirect_chain, errors(response)
    assert warnings(response) == [
        "Section 2 (“Chips and the three-year test”): the heading repeats the headline.",
        "Section 2 (“Chips and the three-year test”): the same paragraph appears twice in a row: "
        "“Same words here.…”",
        "Footnote “unused” is never cited: write [^unused] where it belongs.",
        "The lead image caption repeats the dek; readers will see it only once.",
    ]
    assert reload(article).footnotes.count() == 2


def test_repeated_section_heading_is_a_warning(client, article):
    add_section(article, "<p>More.</p>", heading="What comes next")
    response = client.post(
        change_url(article), form_fields(client.get(change_url(article))), follow=True
    )
    assert warnings(response) == [
        "Section 3 (“What comes next”): the heading repeats the heading of section 2."
    ]


def test_dek_repeated_as_first_heading_or_first_paragraph_is_a_warning(client, article):
    data = form_fields(client.get(change_url(article)))
    data["dek"] = "Power is the open question."
    data["sections-0-body"] = "<p>Power is the <b>open</b> question.</p><p>Opening claim.[^kim]</p>"
    response = client.post(change_url(article), data, follow=True)
    assert response.redirect_chain, errors(response)
    assert warnings(response) == [
        "Section 1: the first paragraph repeats the dek; readers would see it twice.",
    ]
    data = form_fields(client.get(change_url(article)))
    data["sections-0-body"] = "<p>Opening claim.[^kim]</p>"
    data["sections-1-heading"] = "Power is the open question."
    response = client.post(change_url(article), data, follow=True)
    assert warnings(response) == [
        "Section 2 (“Power is the open question.”): the heading repeats the dek; readers would "
        "see it twice.",
    ]


def test_dek_words_later_in_the_body_are_not_a_repeat(client, article):
    data = form_fields(client.get(change_url(article)))
    data["sections-0-heading"] = "Opening"
    data["sections-1-heading"] = "A dek."
    data["sections-1-body"] = "<p>Second part.</p><p>A dek.</p>"
    response = client.post(change_url(article), data, follow=True)
    assert response.redirect_chain, errors(response)
    assert warnings(response) == []


def test_the_change_page_shows_current_problems(client, article):
    add_footnote(article, "unused", title="Never cited")
    text = page(client.get(change_url(article))).select_one(".field-checks").get_text()
    assert "Footnote “unused” is never cited" in text


def test_later_save_of_a_concurrent_edit_is_refused_and_keeps_the_text(
    client, article, django_user_model
):
    other = staff_user(django_user_model, "Editor", username="kim")
    mine = form_fields(client.get(change_url(article)))

    client.force_login(other)
    response = post_change(client, article, headline="Their headline")
    assert saved(response)

    client.force_login(article.created_by)
    mine["headline"] = "My headline"
    mine["sections-1-body"] = "<p>My new paragraph.</p>"
    response = client.post(change_url(article), mine)
    assert not saved(response)
    message = errors(response)[0]
    assert message.startswith("kim saved this article at ")
    assert "your text is still in the form below" in message
    kept = form_fields(response)
    assert kept["headline"] == "My headline"
    assert kept["sections-1-body"] == "<p>My new paragraph.</p>"
    assert reload(article).headline == "Their headline"
    assert Section.objects.filter(body__contains="My new paragraph").count() == 0

    response = client.post(change_url(article), kept)
    assert saved(response), errors(response)
    assert reload(article).headline == "My headline"


def test_change_page_cost_does_not_grow_with_the_archive(client, article):
    """Neither queries nor page weight: no widget lists every article or author."""

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(change_url(article))
        assert response.status_code == 200
        return len(queries), len(response.content) // 1000

    Article.objects.bulk_create(Article(headline=f"Old {n}", slug=f"old-{n}") for n in range(10))
    Author.objects.bulk_create(Author(name=f"Writer {n}", slug=f"writer-{n}") for n in range(10))
    few = count()
    Article.objects.bulk_create(
        (Article(headline=f"Older {n}", slug=f"older-{n}") for n in range(10_000)), batch_size=2000
    )
    Author.objects.bulk_create(Author(name=f"Staff {n}", slug=f"staff-{n}") for n in range(2_000))
    assert count() == few


def test_list_searches_body_text_and_shows_schedule(client, editor):
    scheduled = make_article("Budget day", hours_ago=-48)
    add_section(scheduled, "<p>The word semiconductor appears here.</p>")
    make_article("Unrelated story")
    response = client.get("/admin/articles/article/?q=semiconductor")
    rows = page(response).select("#result_list tbody tr")
    assert len(rows) == 1
    assert "Budget day" in rows[0].get_text()
    assert "Scheduled for" in rows[0].get_text()


@pytest.mark.parametrize(
    "query",
    [
        "status__exact=draft",
        "kind__exact=news",
        "language__exact=en",
        "tags__id__exact=1",
        "authors__id__exact=1",
    ],
)
def test_list_filters_answer(client, editor, query):
    make_article("Anything").tags.add("korea")
    assert client.get(f"/admin/articles/article/?{query}").status_code == 200


@pytest.mark.parametrize("year", ["0", "10000", "32767"])
def test_footnote_years_a_restore_would_refuse_are_refused_at_entry(client, article, year):
    response = post_change(client, article, **{"footnotes-0-year": year})
    assert not saved(response)
    assert len(errors(response)) == 1
    assert reload(article).footnotes.get().year is None


def test_an_admin_save_renders_the_body_once(client, article):
    data = form_fields(client.get(change_url(article)))
    data.update(headline="Chips and the four-year test")
    data["sections-0-body"] = "<p>Opening claim, revised.[^kim]</p>"
    add_inline_row(data, "sections", heading="Later", body="<p>A third part.</p>", order="3")
    with mock.patch.object(rendering, "render_body", wraps=rendering.render_body) as render:
        response = client.post(change_url(article), data)
    assert saved(response), errors(response)
    assert render.call_count == 1
    stored = reload(article)
    assert stored.headline == "Chips and the four-year test"
    assert "revised." in stored.body_html and "A third part." in stored.body_html


def test_a_new_article_opens_with_one_section_that_is_not_saved_empty(client, editor):
    data = form_fields(client.get(ADD_URL))
    assert data["sections-TOTAL_FORMS"] == "1"
    data.update(headline="Nothing below yet")
    response = client.post(ADD_URL, data)
    assert saved(response), errors(response)
    assert not Article.objects.get(headline="Nothing below yet").sections.exists()
