"""What changed between two saves, word by word, in the texts editors write."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from articles import revision_diff

from .admin_forms import change_url, form_fields, saved, staff_user
from .factories import add_section, make_article


def test_rich_text_is_compared_as_the_words_an_editor_reads():
    assert revision_diff.as_text("<p>One &amp; <strong>two</strong></p><p>Three</p>") == (
        "One & two\nThree"
    )


def test_a_changed_word_is_removed_then_added_and_the_rest_is_kept():
    assert revision_diff.word_diff("The plant opens in May.", "The plant opens in June.") == [
        ("same", "The plant opens in "),
        ("removed", "May"),
        ("added", "June"),
        ("same", "."),
    ]


def test_long_unchanged_text_is_shortened_to_its_ends():
    before = " ".join(f"w{i}" for i in range(100))
    (same, *_rest) = revision_diff.word_diff(before, before + " end")
    assert same[0] == "same" and "…" in same[1] and len(same[1]) < len(before) / 2


@pytest.mark.django_db
def test_history_shows_what_a_save_changed(django_user_model):
    article = make_article("Chip plants", published=False, dek="The old dek.")
    add_section(article, "<p>The plant opens in <em>May</em>.</p>")
    client = Client()
    client.force_login(staff_user(django_user_model, "Editor"))
    assert saved(client.post(change_url(article), form_fields(client.get(change_url(article)))))
    form = form_fields(client.get(change_url(article)))
    form["dek"] = "The new dek."
    form["sections-0-body"] = "<p>The plant opens in <em>June</em>.</p>"
    assert saved(client.post(change_url(article), form))

    history = BeautifulSoup(
        client.get(f"{change_url(article)[:-7]}history/").content, "html.parser"
    )
    # Oldest first, as Django's own history.
    latest = history.select("#change-history tbody tr")[-1].find("a", string="What changed")
    page = client.get(latest["href"])

    soup = BeautifulSoup(page.content.decode(), "html.parser")
    changes = {dt.get_text(strip=True): dt.find_next_sibling("dd") for dt in soup.select("dl dt")}
    assert list(changes) == ["Dek", "Section 1: body"]
    assert [t.get_text() for t in changes["Dek"].select("del, ins")] == ["old", "new"]
    body = changes["Section 1: body"]
    assert [t.get_text() for t in body.select("del, ins")] == ["May", "June"]
    assert "<em>" not in body.get_text() and "&lt;" not in page.content.decode()


@pytest.mark.django_db
def test_a_writer_cannot_compare_the_history_of_an_article_they_cannot_see(django_user_model):
    article = make_article("Embargoed", published=False)
    client = Client()
    client.force_login(staff_user(django_user_model, "Writer"))
    assert client.get(f"{change_url(article)[:-7]}history/1/changes/").status_code == 404
