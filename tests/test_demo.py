import io
import re

import pytest
from django.contrib.auth import get_user_model
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


def demo_logins(capsys):
    call_command("demo_users")
    lines = capsys.readouterr().out.strip().splitlines()[1:]
    return {line.split()[2].rstrip(","): line.rsplit(" ", 1)[-1] for line in lines}


@pytest.mark.parametrize(
    ("username", "allowed", "refused"),
    [
        ("writer", "/admin/articles/article/add/", "/admin/taggit/tag/"),
        ("editor", "/admin/articles/article/add/", "/admin/auth/user/"),
        ("curator", "/admin/articles/readinglist/", "/admin/articles/article/add/"),
    ],
)
def test_demo_users_prints_a_working_login_for_each_role(
    client, capsys, username, allowed, refused
):
    logins = demo_logins(capsys)
    assert sorted(logins) == ["curator", "editor", "writer"]
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": logins[username]},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/admin/"
    assert client.get(allowed).status_code == 200
    assert client.get(refused).status_code == 403


def test_demo_users_again_gives_new_passwords_and_keeps_one_role_each(capsys):
    first, second = demo_logins(capsys), demo_logins(capsys)
    assert all(first[name] != second[name] for name in first)
    editor = get_user_model().objects.get(username="editor")
    assert [group.name for group in editor.groups.all()] == ["Editor"]


def test_demo_pictures_are_cleaned_and_have_renditions(client):
    seed()
    for article in Article.objects.all():
        assert article.lead_picture.renditions["crops"]["social"]
        figure = page(client.get(article.get_absolute_url())).select_one("figure.lead-image img")
        assert figure["srcset"]
