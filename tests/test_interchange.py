import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.importers import ImportFailed, interchange
from articles.models import Article, Author, Correction, RelatedLink

from .factories import (
    add_byline,
    add_footnote,
    add_link,
    add_section,
    make_article,
    make_author,
    make_picture,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsroom():
    """Two articles linking to each other, with everything the format carries."""
    first = make_article(
        "Chips and the three-year test",
        dek="The next three years decide it.",
        kind="analysis",
        lead_picture=make_picture(
            caption="A fab in Pyeongtaek.",
            alt="Clean-room workers in white suits",
            credit="Photo: Lee",
        ),
        published_at=datetime.datetime(2026, 11, 2, 1, 30, tzinfo=datetime.UTC),
    )
    second = make_article("인공지능 기본법 시행", language="ko", kind="news")
    add_byline(first, make_author("Park Seo-yeon"), order=0)
    add_byline(first, make_author("Daniel Whitford"), order=1)
    first.tags.add("chips", "korea")
    add_footnote(
        first,
        "zhang2021",
        title="Plan overview",
        authors="Zhang, Y.",
        year=2021,
        container="Journal of Policy",
        url="https://example.org/zhang",
    )
    add_footnote(
        first,
        "kim2021",
        title="Learning from abroad",
        authors="Kim, J.",
        year=2021,
        accessed=datetime.date(2026, 10, 2),
    )
    opening = add_section(first, "<p>Investment.[^kim2021] Plans.[^zhang2021]</p>")
    opening.figure = make_picture(
        caption="The second fab, under construction.", alt="Cranes over a concrete shell",
        credit="Yonhap",
    )  # fmt: skip
    opening.save()
    add_section(first, "<ol><li>Kim (2021) again.[^kim2021]</li></ol>", heading="Key points")
    add_link(first, target=second)
    add_link(first, title="Elsewhere", url="https://example.org/elsewhere")
    add_link(second, target=first)
    Correction.objects.create(
        article=first,
        kind="correction",
        text="A date was wrong.",
        created_at=datetime.datetime(2026, 11, 3, tzinfo=datetime.UTC),
    )
    return first, second


def test_export_has_every_field_of_the_format(newsroom):
    document = interchange.export(newsroom[0])
    assert document["format"] == "newsroom.article/1"
    assert document["authors"] == ["Park Seo-yeon", "Daniel Whitford"]
    assert document["tags"] == ["chips", "korea"]
    assert document["lead_image"] == {
        "caption": "A fab in Pyeongtaek.",
        "alt": "Clean-room workers in white suits",
        "credit": "Photo: Lee",
        "src": None,  # the library keeps no address for a file
    }
    assert [s["heading"] for s in document["sections"]] == ["", "Key points"]
    assert [s["figure"] for s in document["sections"]] == [
        {
            "caption": "The second fab, under construction.",
            "alt": "Cranes over a concrete shell",
            "credit": "Yonhap",
            "src": None,
        },
        None,
    ]
    kim, zhang = document["footnotes"][1], document["footnotes"][0]
    assert (kim["key"], kim["number"], zhang["number"]) == ("kim2021", 1, 2)
    assert zhang["citation"] == (
        "Zhang, Y. (2021). Plan overview. Journal of Policy. Retrieved from https://example.org/zhang"
    )
    assert document["related"] == [
        {"title": "인공지능 기본법 시행", "url": None, "article": newsroom[1].slug},
        {"title": "Elsewhere", "url": "https://example.org/elsewhere", "article": None},
    ]
    assert document["corrections"][0]["text"] == "A date was wrong."
    assert document["status"] == "published"
    assert document["published_at"] == "2026-11-02T01:30:00+00:00"


def test_export_import_into_an_empty_database_and_export_again_is_identical(newsroom, tmp_path):
    call_command("export_article", folder=str(tmp_path / "one"), stdout=io.StringIO())
    first_export = {p.name: p.read_text() for p in (tmp_path / "one").iterdir()}

    Article.objects.all().delete()
    Author.objects.all().delete()
    call_command("import_article", str(tmp_path / "one"), stdout=io.StringIO())
    call_command("export_article", folder=str(tmp_path / "two"), stdout=io.StringIO())
    second_export = {p.name: p.read_text() for p in (tmp_path / "two").iterdir()}
    assert second_export == first_export
    assert '"figure": {' in first_export[f"{newsroom[0].slug}.json"]


def test_import_updates_the_article_with_the_same_slug(newsroom):
    document = interchange.export(newsroom[0])
    document["headline"] = "A corrected headline"
    article, created = interchange.save(document)
    assert not created and article.pk == newsroom[0].pk
    assert Article.objects.get(pk=article.pk).headline == "A corrected headline"
    assert Article.objects.count() == 2


def test_a_document_written_before_the_rename_imports_its_subhead_as_the_dek(newsroom, tmp_path):
    document = interchange.export(newsroom[0])
    earlier = {("subhead" if name == "dek" else name): value for name, value in document.items()}
    earlier["subhead"] = "The dek as the first format named it."
    path = tmp_path / "earlier.json"
    path.write_text(json.dumps(earlier))
    call_command("import_article", str(path), stdout=io.StringIO())
    article = Article.objects.get(pk=newsroom[0].pk)
    assert article.dek == "The dek as the first format named it."
    assert interchange.export(article)["format"] == "newsroom.article/1"
    assert "subhead" not in interchange.export(article)


def test_related_titles_resolve_to_articles_by_headline_ignoring_case_and_punctuation(newsroom):
    document = interchange.export(make_article("Fresh story"))
    document["related"] = [
        {"title": "chips AND the three‑year test!", "url": None, "article": None},
        {"title": "A story we never ran", "url": None, "article": None},
    ]
    article, _ = interchange.save(document)
    links = list(article.related_links.all())
    assert links[0].target == newsroom[0]
    assert (links[1].target, links[1].title, links[1].url) == (None, "A story we never ran", "")


def test_hostile_html_in_a_document_is_neutralised(newsroom):
    document = interchange.export(newsroom[0])
    document["sections"][0]["body"] = '<p onclick="x()">Hi<script>alert(1)</script>[^kim2021]</p>'
    document["footnotes"][0]["url"] = "javascript:alert(1)"
    article, _ = interchange.save(document)
    assert article.sections.first().body == "<p>Hi[^kim2021]</p>"
    assert article.footnotes.get(key="zhang2021").url == ""


@pytest.mark.parametrize(
    "change, message",
    [
        ({"format": "something/2"}, "“format” must be “newsroom.article/1”."),
        ({"headline": ""}, "“headline” is missing or empty."),
        ({"headline": 12}, "“headline” must be text."),
        ({"sections": "text"}, "“sections” must be a list."),
        ({"sections": ["text"]}, "each item of “sections” must be an object."),
        ({"kind": "gossip"}, "“kind” must be one of"),
        ({"published_at": "yesterday"}, "“published_at” must be a date and time"),
        ({"tags": "a, b"}, "“tags” must be a list of names."),
        ({"sections": [{"heading": "", "body": "<p>[^nobody]</p>"}]}, "a section cites [^nobody]"),
        (
            {"sections": [{"heading": "", "body": "<p>As shown.[^Kim 2021]</p>"}]},
            "a section has “[^Kim 2021]”, which readers would see as it is",
        ),
        (
            {"sections": [{"heading": "", "body": "<p>Unclosed [^kim2021</p>"}]},
            "a section has “[^kim2021”,",
        ),
    ],
)
def test_documents_of_the_wrong_shape_are_refused_and_change_nothing(newsroom, change, message):
    document = {**interchange.export(newsroom[0]), **change}
    before = Article.objects.get(pk=newsroom[0].pk).headline
    with pytest.raises(ImportFailed) as failure:
        interchange.save(document)
    assert str(failure.value).startswith(message)
    assert Article.objects.get(pk=newsroom[0].pk).headline == before


def test_duplicate_footnote_keys_are_refused(newsroom):
    document = interchange.export(newsroom[0])
    document["footnotes"].append(dict(document["footnotes"][0]))
    with pytest.raises(ImportFailed, match="two footnotes have the key “zhang2021”"):
        interchange.validate(document)


def test_a_failed_save_leaves_no_half_written_article():
    document = {
        "format": "newsroom.article/1",
        "headline": "Half",
        "sections": [],
        "footnotes": [],
        "corrections": [{"text": ""}],
    }
    with pytest.raises(ImportFailed):
        interchange.save(document)
    assert not Article.objects.exists()
    assert not RelatedLink.objects.exists()


def test_export_command_prints_one_article_and_refuses_unknown_slugs(newsroom, capsys):
    call_command("export_article", newsroom[0].slug)
    assert json.loads(capsys.readouterr().out)["headline"] == "Chips and the three-year test"
    with pytest.raises(CommandError, match="No article has the slug"):
        call_command("export_article", "nothing-here")


def test_validating_twice_changes_nothing(newsroom):
    once = interchange.validate(interchange.export(newsroom[0]))
    assert interchange.validate(once) == once


@pytest.mark.parametrize("year", [0, 10000, 32767, 70000, True, "2021", 2021.0])
def test_footnote_years_the_admin_refuses_are_refused_here_too(newsroom, year):
    document = interchange.export(newsroom[0])
    document["footnotes"][0]["year"] = year
    with pytest.raises(ImportFailed, match="“year” must be a whole number from 1 to 9999"):
        interchange.validate(document)


def test_update_time_is_optional_and_kept_when_given(newsroom, client):
    document = interchange.export(newsroom[0])
    document.update(slug="", headline="An archive story", related=[], corrections=[])
    del document["updated_at"]  # as documents written before the field existed
    old, _ = interchange.save(document)
    assert not Article.objects.get(pk=old.pk).saved_after_publication
    assert interchange.export(old)["updated_at"] is None
    assert "Updated" not in client.get(old.get_absolute_url()).content.decode()

    document.update(headline="An updated archive story", updated_at="2026-11-04T08:00:00+09:00")
    updated, _ = interchange.save(document)
    updated = Article.objects.get(pk=updated.pk)
    assert updated.updated_at == datetime.datetime(2026, 11, 3, 23, 0, tzinfo=datetime.UTC)
    assert interchange.export(updated)["updated_at"] == "2026-11-03T23:00:00+00:00"
    # Readers are told "Updated" by a correction or a marked update, not by a later save.
    assert "Updated" not in client.get(updated.get_absolute_url()).content.decode()


def test_update_time_before_publication_is_refused(newsroom):
    document = interchange.export(newsroom[0])
    document["updated_at"] = "2026-11-01T00:00:00+00:00"
    with pytest.raises(ImportFailed, match="“updated_at” must be a moment after “published_at”"):
        interchange.save(document)
