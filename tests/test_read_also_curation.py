"""Curating read-also links in the admin: pickers, link rows, duplicates, suggestions, report."""

import pytest

from articles.models import Article, ReadingList, ReadingListItem, RelatedLink

from .admin_forms import add_inline_row, change_url, errors, form_fields, saved
from .factories import add_byline, add_link, make_article, make_author
from .html import page

pytestmark = pytest.mark.django_db

PICK_URL = "/admin/articles/article/pick/"


@pytest.fixture
def article():
    return make_article("The main story")


def related_buttons(soup, field_id):
    """The add, change, delete and view buttons Django draws beside a picker."""
    return sorted(
        a["id"].split("_id_")[0]
        for a in soup.select(f'a[id$="_id_{field_id}"].related-widget-wrapper-link')
    )


def pick(client, term, exclude=None):
    query = {"term": term, "app_label": "articles", "model_name": "relatedlink"}
    query["field_name"] = "target"
    if exclude:
        query["exclude"] = exclude
    response = client.get(PICK_URL, query)
    assert response.status_code == 200
    return [result["text"] for result in response.json()["results"]]


# Pickers


def test_pickers_of_linked_articles_offer_no_button_that_edits_or_deletes_that_article(
    client, editor, article
):
    add_link(article, target=make_article("Linked story"))
    add_byline(article, make_author("Kim Ji-won"))
    soup = page(client.get(change_url(article)))
    assert related_buttons(soup, "related_links-0-target") == []
    assert related_buttons(soup, "translation_of") == []
    # A new contributor can still be added from the byline, nothing else.
    assert related_buttons(soup, "bylines-0-author") == ["add"]
    # The row's own delete control removes the link.
    assert soup.find("input", attrs={"name": "related_links-0-DELETE", "type": "checkbox"})


def test_reading_list_article_picker_has_no_buttons(client, editor):
    reading_list = ReadingList.objects.create(name="Week", slug="week")
    ReadingListItem.objects.create(reading_list=reading_list, article=make_article("In it"))
    soup = page(client.get(f"/admin/articles/readinglist/{reading_list.pk}/change/"))
    assert related_buttons(soup, "items-0-article") == []


# Link rows


def test_a_row_with_an_article_and_a_url_is_refused_with_the_error_beside_it(
    client, editor, article
):
    target = make_article("Linked story")
    data = form_fields(client.get(change_url(article)))
    add_inline_row(
        data, "related_links", target=str(target.pk), url="https://example.org/x", order="1"
    )
    response = client.post(change_url(article), data)
    assert not saved(response)
    row = page(response).select_one("#related_links-0 .field-url")
    assert "not both" in row.get_text()
    assert not RelatedLink.objects.exists()


def test_an_external_link_needs_the_words_readers_see(client, editor, article):
    data = form_fields(client.get(change_url(article)))
    add_inline_row(data, "related_links", url="https://example.org/x", order="1")
    response = client.post(change_url(article), data)
    assert not saved(response)
    assert "Write the words readers see for this link." in errors(response)


def test_an_internal_link_shows_its_title_as_an_override_or_follows_the_headline(client, editor):
    article = make_article("A draft with links", published=False)
    plain, renamed = make_article("Plain target"), make_article("First headline")
    data = form_fields(client.get(change_url(article)))
    add_inline_row(data, "related_links", target=str(plain.pk), order="1")
    add_inline_row(
        data, "related_links", target=str(renamed.pk), title="Our words for it", order="2"
    )
    assert saved(client.post(change_url(article), data))
    article = Article.objects.get(pk=article.pk)
    article.status = Article.Status.PUBLISHED
    article.save()
    renamed.headline = "Second headline"
    renamed.save()
    plain.headline = "Plain target, renamed"
    plain.save()

    client.logout()
    soup = page(client.get(article.get_absolute_url()))
    assert [a.get_text() for a in soup.select(".read-also a")] == [
        "Plain target, renamed",
        "Our words for it",
    ]


def test_a_link_whose_article_was_deleted_does_not_hold_up_a_save(client, editor, article):
    gone = make_article("Gone story")
    add_link(article, target=gone, title="Our words for it")
    gone.delete()
    response = client.post(change_url(article), form_fields(client.get(change_url(article))))
    assert saved(response), errors(response)


def test_a_title_equal_to_the_headline_is_no_override():
    link = add_link(make_article("Story"), target=make_article("Target"), title="Target")
    assert link.title == ""


# The article picker


def test_picker_ranks_exact_then_prefix_matches_and_shows_status_and_date(client, editor):
    make_article("Budget talks stall again", hours_ago=2)
    make_article("Budget", hours_ago=50)
    make_article("Why the budget matters", hours_ago=1)
    make_article("Budget cuts, a draft", published=False)
    results = pick(client, "budget")
    assert results[0].startswith("Budget (Published, ")
    assert [text.split(" (")[0] for text in results[1:3]] == [
        "Budget talks stall again",
        "Budget cuts, a draft",
    ]
    assert results[3].startswith("Why the budget matters (Published, ")
    assert "Budget cuts, a draft (Draft)" in results


def test_picker_leaves_out_the_article_being_edited(client, editor, article):
    other = make_article("The main story, part two")
    assert pick(client, "The main story", exclude=article.pk) == [pick(client, "The main story")[1]]
    assert other.headline in pick(client, "The main story", exclude=article.pk)[0]
    assert len(pick(client, "The main story", exclude="²")) == 2  # no article's id
    soup = page(client.get(change_url(article)))
    picker = soup.find("select", attrs={"name": "related_links-__prefix__-target"})
    assert picker["data-ajax--url"] == f"{PICK_URL}?exclude={article.pk}"


def test_picker_is_refused_to_those_who_may_not_see_articles(client):
    assert client.get(PICK_URL, {"term": "x"}).status_code == 302  # to the login page


# Duplicates, suggestions and the report


def test_an_own_link_also_in_a_reading_list_is_shown_once_with_a_note(client, editor, article):
    twice = make_article("Twice listed")
    add_link(article, target=twice)
    reading_list = ReadingList.objects.create(name="Week", slug="week")
    ReadingListItem.objects.create(reading_list=reading_list, article=twice)
    article.reading_lists.add(reading_list)

    shown = page(client.get(change_url(article))).select_one(".field-read_also_for_readers")
    assert [li.get_text(" ", strip=True) for li in shown.select("li")] == [
        "Twice listed (own link; also in “Week”, shown once)"
    ]


def test_suggestions_to_add_leave_out_articles_already_listed(client, editor, article):
    article.tags.add("harbour")
    linked, listed, fresh = (make_article(h) for h in ("Linked", "Listed", "Fresh"))
    for other in (linked, listed, fresh):
        other.tags.add("harbour")
    add_link(article, target=linked)
    reading_list = ReadingList.objects.create(name="Week", slug="week")
    ReadingListItem.objects.create(reading_list=reading_list, article=listed)
    article.reading_lists.add(reading_list)

    soup = page(client.get(change_url(article)))
    offered = [label.get_text(strip=True) for label in soup.select(".field-add_suggestions label")]
    offered = [text for text in offered if "shared tags" in text]
    assert len(offered) == 1 and offered[0].startswith("Fresh")


def test_report_is_linked_from_the_index_and_from_each_affected_article(client, editor, article):
    add_link(article, target=make_article("Draft target", published=False))
    healthy = make_article("Healthy")
    index = page(client.get("/admin/"))
    assert index.find("a", href="/admin/articles/article/read-also-report/")

    link = page(client.get(change_url(article))).select_one(
        ".field-read_also_for_readers a[href*=report]"
    )
    assert link["href"] == f"/admin/articles/article/read-also-report/#article-{article.pk}"
    report = page(client.get("/admin/articles/article/read-also-report/"))
    assert report.find(id=f"article-{article.pk}")
    assert not page(client.get(change_url(healthy))).select_one(
        ".field-read_also_for_readers a[href*=report]"
    )
    assert Article.objects.count() == 3
