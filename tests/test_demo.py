import io
import re

import pytest
from django.core.management import call_command

from articles.models import Article, Author, Footnote, RelatedLink, Section

from .html import page

pytestmark = pytest.mark.django_db


def seed():
    call_command("seed_demo", stdout=io.StringIO())


def counts():
    return [m.objects.count() for m in (Article, Author, Section, Footnote, RelatedLink)]


def test_seed_demo_creates_published_articles_in_the_samples_shape(client):
    seed()
    articles = Article.objects.published()
    assert articles.count() >= 6
    assert articles.filter(language="ko").exists()
    for article in articles:
        assert article.dek and article.lead_picture.caption and article.lead_picture.file
        assert article.sections.count() >= 3
        assert article.footnotes.exists()
        assert article.tags.exists()
        assert client.get(article.get_absolute_url()).status_code == 200
    twice = [
        a
        for a in articles
        if re.search(r'<li id="note-\d+">(?:(?!</li>).)*↩<sup>b', a.notes_html, re.S)
    ]
    assert twice, "one demo footnote is cited twice"
    assert any("<ol>" in s.body for s in Section.objects.filter(heading__icontains="key"))


def test_seed_demo_is_idempotent():
    seed()
    before = counts()
    bodies = list(Article.objects.order_by("slug").values_list("body_html", flat=True))
    seed()
    assert counts() == before
    assert list(Article.objects.order_by("slug").values_list("body_html", flat=True)) == bodies


def test_seed_demo_reports_a_summary(capsys):
    call_command("seed_demo")
    assert "6 created, 0 updated" in capsys.readouterr().out


def test_demo_editor_prints_a_working_password(client, capsys):
    call_command("demo_editor")
    password = capsys.readouterr().out.strip().rsplit(" ", 1)[-1]
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "editor", "password": password}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_demo_pictures_are_cleaned_and_have_renditions(client):
    seed()
    for article in Article.objects.all():
        assert article.lead_picture.renditions["crops"]["social"]
        figure = page(client.get(article.get_absolute_url())).select_one("figure.lead-image img")
        assert figure["srcset"]
