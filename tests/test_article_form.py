"""The article change form as the server renders it: its order, its names, its error summary."""

import pytest

from articles.models import Correction

from .admin_forms import ADD_URL, change_url, form_fields, staff_user
from .factories import add_footnote, add_link, add_section, make_article, make_picture, png_upload
from .html import page

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, django_user_model):
    client.force_login(staff_user(django_user_model, "Editor"))
    return client.session["_auth_user_id"]


@pytest.fixture
def article(editor):
    """A draft with a row in every inline: sections, footnotes, read-also, corrections."""
    article = make_article("Chips and the three-year test", published=False, created_by_id=editor)
    add_footnote(article, "kim2021", title="Learning from abroad")
    add_section(article, "<p>Opening claim.[^kim2021]</p>")
    add_section(article, "<p>Second part.</p>", heading="What comes next")
    add_link(article, title="An outside view", url="https://example.org/outside-view")
    Correction.objects.create(article=article, text="An earlier version misspelt a name.")
    return article


def names_in_order(soup):
    return [
        element.get("name") or element.get("id")
        for element in soup.select(
            "#article_form input, #article_form textarea, #article_form select, .inline-group"
        )
    ]


def test_the_story_comes_before_the_settings(client, article):
    order = names_in_order(page(client.get(change_url(article))))
    story = ["headline", "dek", "lead_picture", "sections-group", "footnotes-group"]
    settings = ["published_at_0", "slug", "tags", "bylines-group", "related_links-group"]
    positions = [order.index(name) for name in [*story, *settings, "corrections-group"]]
    assert positions == sorted(positions)


def test_the_rarely_changed_settings_are_folded(client, article):
    soup = page(client.get(change_url(article)))
    for inside in ("#id_language", "#id_reading_lists", "#id_related_links-0-title"):
        assert soup.select_one(inside).find_parent("details") is not None, inside
        assert not soup.select_one(inside).find_parent("details").has_attr("open"), inside
    for shown in ("#id_headline", "#id_published_at_0", "#id_sections-0-heading"):
        assert soup.select_one(shown).find_parent("details") is None, shown


def test_a_curator_finds_read_also_unfolded(client, article, django_user_model):
    client.force_login(staff_user(django_user_model, "Curator"))
    soup = page(client.get(change_url(article)))
    for inside in ("#id_reading_lists", "#id_related_links-0-title"):
        assert soup.select_one(inside).find_parent("details") is None, inside


def test_corrections_are_folded_on_a_draft_and_unfolded_once_readers_see_it(client, article):
    text = "#id_corrections-0-text"
    assert page(client.get(change_url(article))).select_one(text).find_parent("details")
    article.status = article.Status.PUBLISHED
    article.save()
    assert page(client.get(change_url(article))).select_one(text).find_parent("details") is None


def test_the_reference_list_box_is_open_until_the_article_has_footnotes(client, editor, article):
    box = "#id_reference_list"
    assert page(client.get(ADD_URL)).select_one(box).find_parent("details").has_attr("open")
    assert (
        not page(client.get(change_url(article)))
        .select_one(box)
        .find_parent("details")
        .has_attr("open")
    )


def test_a_fold_with_an_error_is_open(client, article):
    data = form_fields(client.get(change_url(article)))
    data["related_links-0-url"] = "not an address"
    soup = page(client.post(change_url(article), data))
    assert soup.select_one("#id_related_links-0-url").find_parent("details") is None


def test_a_new_article_opens_with_one_section_its_figure_folded(client, editor):
    soup = page(client.get(ADD_URL))
    assert soup.select_one("#id_sections-TOTAL_FORMS")["value"] == "1"
    fold = soup.select_one("#id_sections-0-figure").find_parent("details")
    assert fold.summary.get_text() == "Add a figure"
    assert not fold.has_attr("open")


def test_a_section_with_a_figure_shows_it_unfolded(client, article):
    section = article.sections.first()
    section.figure = make_picture(png_upload(), alt="A map")
    section.save()
    fold = page(client.get(change_url(article))).select_one("#id_sections-0-figure")
    assert fold.find_parent("details").has_attr("open")
    assert fold.find_parent("details").summary.get_text() == "Figure"


def test_controls_without_a_label_of_their_own_are_named(client, article):
    soup = page(client.get(change_url(article)))

    def name(selector):
        return soup.select_one(selector).get("aria-label")

    assert name("#id_published_at_0") == "Publication time (date)"
    assert name("#id_published_at_1") == "Publication time (time)"
    assert name("#id_related_links-0-title") == "Title, read-also link 1"
    assert name("#id_related_links-0-url") == "URL, read-also link 1"
    assert name("#id_related_links-0-DELETE") == "Delete, read-also link 1"
    assert name("#id_related_links-0-target") == "Article, read-also link 1"
    assert name("#id_corrections-0-text") == "Text, correction or update 1"
    # A correction's date is not typed: it is the moment the correction is saved.
    assert not soup.select("#id_corrections-0-created_at_0")
    assert name("#id_sections-1-body") == "Body, section 2"
    assert name("#id_sections-1-figure") == "Figure, section 2"
    assert name("#id_bylines-__prefix__-author") == "Author, new byline"


def test_no_id_is_used_twice(client, article):
    ids = [element["id"] for element in page(client.get(change_url(article))).select("[id]")]
    assert sorted({i for i in ids if ids.count(i) > 1}) == []


def test_the_error_summary_links_to_each_field_rows_included(client, article):
    data = form_fields(client.get(change_url(article)))
    data["headline"] = ""
    data["sections-1-body"] = "<p>Claim.[^nobody]</p>"
    data["related_links-0-url"] = "not an address"
    summary = page(client.post(change_url(article), data)).select_one(".error-summary")
    assert [(a.get_text(), a["href"]) for a in summary.select("a")] == [
        ("Headline", "#id_headline"),
        ("Section 2 › Body", "#id_sections-1-body"),
        ("Read-also link 1 › URL", "#id_related_links-0-url"),
    ]
    assert "Section 2 (“What comes next”) cites [^nobody]" in summary.get_text()
