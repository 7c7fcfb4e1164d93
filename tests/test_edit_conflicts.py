"""Two editors change one article: the later save names what the other changed and loses nothing."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from .admin_forms import change_url, errors, form_fields, reload, saved, staff_user
from .factories import add_section, make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def article_and_editors(django_user_model):
    article = make_article("Chip plants", published=False, dek="The old dek.")
    add_section(article, "<p>The opening paragraph.</p>")
    clients = {}
    for name in ("kim", "lee"):
        clients[name] = Client()
        clients[name].force_login(staff_user(django_user_model, "Editor", username=name))
    # A first save in the admin records the revision both forms are then opened on.
    assert saved(
        clients["kim"].post(
            change_url(article), form_fields(clients["kim"].get(change_url(article)))
        )
    )
    return article, clients


def open_both(article, clients):
    return {name: form_fields(client.get(change_url(article))) for name, client in clients.items()}


def test_a_stale_save_names_their_change_and_keeps_it_on_the_next_save(article_and_editors):
    article, clients = article_and_editors
    forms = open_both(article, clients)
    forms["kim"]["dek"] = "Kim's new dek."
    forms["kim"]["sections-0-body"] = "<p>The opening paragraph, corrected by Kim.</p>"
    assert saved(clients["kim"].post(change_url(article), forms["kim"]))
    forms["lee"]["headline"] = "Lee's headline"

    refused = clients["lee"].post(change_url(article), forms["lee"])

    assert refused.status_code == 200
    shown = " ".join(errors(refused))
    assert "kim saved this article at" in shown
    assert "They changed: Dek, Section 1: body." in shown
    assert "Before it was: “The old dek.”" in shown
    assert reload(article).dek == "Kim's new dek."
    again = form_fields(refused)
    # Lee's typed headline stays; the fields Lee had not touched now hold Kim's text.
    assert again["headline"] == "Lee's headline"
    assert again["dek"] == "Kim's new dek."
    assert "corrected by Kim" in again["sections-0-body"]

    assert saved(clients["lee"].post(change_url(article), again))
    stored = reload(article)
    assert (stored.headline, stored.dek) == ("Lee's headline", "Kim's new dek.")
    assert "corrected by Kim" in stored.sections.get().body


def test_when_both_changed_a_field_both_values_are_shown_and_yours_stays(article_and_editors):
    article, clients = article_and_editors
    forms = open_both(article, clients)
    forms["kim"]["dek"] = "Kim's new dek."
    assert saved(clients["kim"].post(change_url(article), forms["kim"]))
    forms["lee"]["dek"] = "Lee's new dek."

    refused = clients["lee"].post(change_url(article), forms["lee"])

    soup = BeautifulSoup(refused.content.decode(), "html.parser")
    dek_errors = soup.select_one(".field-dek .errorlist").get_text(" ", strip=True)
    assert "Theirs: “Kim's new dek.”" in dek_errors
    assert "Yours, still in the form: “Lee's new dek.”" in dek_errors
    comparison = soup.select_one(".edit-conflict")
    assert [d.get_text() for d in comparison.select("ins")] == ["Kim"]
    assert [d.get_text() for d in comparison.select("del")] == ["Lee"]
    assert form_fields(refused)["dek"] == "Lee's new dek."
    assert reload(article).dek == "Kim's new dek."
