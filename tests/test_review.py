"""Submitting for review, what waits for editors on the dashboard, and the locked article's view."""

import pytest
from bs4 import BeautifulSoup

from articles import workflow
from articles.models import Article

from .admin_forms import change_url, form_fields, press, staff_user
from .factories import add_section, make_article

pytestmark = pytest.mark.django_db

REVIEW = Article.Status.REVIEW


def messages_of(response):
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    return [li.get_text(" ", strip=True) for li in soup.select(".messagelist li")]


def waiting_list(response):
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    table = soup.select_one("#waiting-for-review")
    return None if table is None else [a.get_text() for a in table.select("tbody th a")]


def test_a_writers_submit_says_submitted_for_review(client, django_user_model):
    writer = staff_user(django_user_model, "Writer")
    client.force_login(writer)
    article = make_article("Council budget", published=False, created_by=writer)
    data = press(form_fields(client.get(change_url(article))), workflow.REVIEW)

    response = client.post(change_url(article), data, follow=True)

    assert messages_of(response) == [
        "Submitted for review: an editor can now publish “Council budget”."
    ]
    again = client.post(change_url(article), form_fields(client.get(change_url(article))))
    assert again.status_code == 403  # locked for the writer once submitted


def test_editors_see_what_waits_for_review_on_the_dashboard(client, django_user_model):
    make_article("Council budget", status=REVIEW, published=False)
    make_article("A draft", published=False)
    client.force_login(staff_user(django_user_model, "Editor"))
    assert waiting_list(client.get("/admin/")) == ["Council budget"]


def test_writers_see_no_review_list(client, django_user_model):
    writer = staff_user(django_user_model, "Writer")
    make_article("Council budget", status=REVIEW, published=False, created_by=writer)
    client.force_login(writer)
    assert waiting_list(client.get("/admin/")) is None


def test_a_locked_article_reads_as_text(client, django_user_model):
    writer = staff_user(django_user_model, "Writer")
    article = make_article("Council budget", status=REVIEW, published=False, created_by=writer)
    add_section(article, "<p>The council <strong>voted</strong> on Monday.</p>")
    client.force_login(writer)

    page = client.get(change_url(article)).content.decode()

    soup = BeautifulSoup(page, "html.parser")
    text = soup.select_one("#content-main").get_text(" ", strip=True)
    assert "The council voted on Monday." in " ".join(text.split())
    assert "<p>" not in text and "&lt;" not in page.split('id="content-main"')[1]
    assert "Lock version" not in text
