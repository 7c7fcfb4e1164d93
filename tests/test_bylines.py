"""Bylines read as each language writes them, on every page that prints one."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from articles import bylines
from articles.models import Author

from .factories import add_byline, make_article, make_author
from .html import page

Role = Author.Role


def authors(*pairs):
    return [Author(name=name, role=role) for name, role in pairs]


@pytest.mark.parametrize(
    ("language", "byline", "expected"),
    [
        ("en", [("Kim Min-seo", Role.REPORTER)], "By Kim Min-seo"),
        (
            "en",
            [("Kim Min-seo", Role.REPORTER), ("Lee Jun-ho", Role.REPORTER)],
            "By Kim Min-seo and Lee Jun-ho",
        ),
        (
            "en",
            [("A", Role.REPORTER), ("B", Role.REPORTER), ("C", Role.REPORTER)],
            "By A, B and C",
        ),
        (
            "en",
            [("Kim Min-seo", Role.REPORTER), ("Lee Jun-ho", Role.CORRESPONDENT)],
            "By Kim Min-seo; Lee Jun-ho, correspondent",
        ),
        ("en", [("A", Role.COLUMNIST), ("B", Role.COLUMNIST)], "By A and B, columnists"),
        ("ko", [("김민서", Role.REPORTER)], "김민서 기자"),
        ("ko", [("김민서", Role.REPORTER), ("박서연", Role.REPORTER)], "김민서·박서연 기자"),
        (
            "ko",
            [("김민서", Role.REPORTER), ("박서연", Role.REPORTER), ("최유진", Role.REPORTER)],
            "김민서·박서연·최유진 기자",
        ),
        ("ko", [("이준호", Role.CORRESPONDENT)], "이준호 특파원"),
        (
            "ko",
            [("김민서", Role.REPORTER), ("박서연", Role.REPORTER), ("이준호", Role.CORRESPONDENT)],
            "김민서·박서연 기자, 이준호 특파원",
        ),
        ("ko", [("정하늘", Role.EDITORIAL_WRITER)], "정하늘 논설위원"),
        ("ko", [("Jane Doe", Role.CONTRIBUTOR)], "Jane Doe"),
    ],
)
def test_byline_reads_as_the_language_writes_it(language, byline, expected):
    assert bylines.text(authors(*byline), language) == expected


def test_no_authors_no_byline():
    assert bylines.parts([], "ko") == []


@given(
    st.lists(st.tuples(st.text(min_size=1, max_size=8), st.sampled_from(Role.values)), max_size=6),
    st.sampled_from(["en", "ko"]),
)
def test_every_author_is_named_once_in_order(pairs, language):
    given_authors = authors(*pairs)
    named = [author for _text, author in bylines.parts(given_authors, language) if author]
    assert named == given_authors


@pytest.fixture
def korean(db):
    article = make_article("예산안 국회 통과", language="ko", dek="내년 예산이 확정됐다.")
    add_byline(article, make_author("김민서", slug="kim-min-seo"), order=0)
    add_byline(article, make_author("박서연", slug="park-seo-yeon"), order=1)
    add_byline(article, make_author("이준호", slug="lee-jun-ho", role=Role.CORRESPONDENT), order=2)
    return article


def test_korean_article_page_prints_the_korean_byline(client, korean):
    soup = page(client.get(korean.get_absolute_url()))
    byline = soup.select_one(".article-header .byline")
    assert byline.get_text() == "김민서·박서연 기자, 이준호 특파원"
    assert [a["href"] for a in byline.select("a[rel=author]")] == [
        "/authors/kim-min-seo/",
        "/authors/park-seo-yeon/",
        "/authors/lee-jun-ho/",
    ]


def test_korean_article_keeps_its_authors_as_structured_data(client, korean):
    soup = page(client.get(korean.get_absolute_url()))
    data = json.loads(soup.find("script", type="application/ld+json").string)
    assert [(person["name"], person["jobTitle"]) for person in data["author"]] == [
        ("김민서", "기자"),
        ("박서연", "기자"),
        ("이준호", "특파원"),
    ]
    assert all(person["@type"] == "Person" for person in data["author"])


def test_a_list_prints_each_byline_in_its_article_language(client, korean):
    english = make_article("Budget passes")
    add_byline(english, make_author("Kim Min-seo", slug="kim-min-seo-en"))
    bylines_shown = [b.get_text() for b in page(client.get("/")).select(".card .byline")]
    assert bylines_shown == ["By Kim Min-seo", "김민서·박서연 기자, 이준호 특파원"]


def test_changing_a_role_changes_the_byline_readers_see(client, korean):
    url = korean.get_absolute_url()
    assert "이준호 특파원" in page(client.get(url)).select_one(".byline").get_text()
    lee = Author.objects.get(slug="lee-jun-ho")
    lee.role = Role.EDITORIAL_WRITER
    lee.save()
    assert "이준호 논설위원" in page(client.get(url)).select_one(".byline").get_text()
