"""Article addresses are /yyyy/mm/dd/slug/; every other way of writing one moves for good."""

import datetime
import importlib
import zoneinfo

import feedparser
import pytest
from django.urls import reverse, set_script_prefix

from articles.models import FormerAddress

from .factories import make_article

pytestmark = pytest.mark.django_db

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
padding = importlib.import_module("articles.migrations.0012_padded_former_addresses")


@pytest.fixture
def article():
    return make_article(
        "Budget vote", published_at=datetime.datetime(2026, 3, 4, 9, 30, tzinfo=SEOUL)
    )


def test_an_address_follows_the_site_s_prefix_and_the_article_s_slug(article):
    """Addresses are remembered per process, never across a prefix or a new slug."""
    assert article.get_absolute_url() == "/2026/03/04/budget-vote/"
    set_script_prefix("/news/")
    try:
        assert article.get_absolute_url() == "/news/2026/03/04/budget-vote/"
    finally:
        set_script_prefix("/")
    article.slug = "budget-passed"
    assert article.get_absolute_url() == "/2026/03/04/budget-passed/"


def test_address_has_a_two_digit_month_and_day(client, article):
    assert article.get_absolute_url() == "/2026/03/04/budget-vote/"
    assert client.get("/2026/03/04/budget-vote/").status_code == 200


@pytest.mark.parametrize(
    "written", ["/2026/3/4/budget-vote/", "/2026/03/4/budget-vote/", "/2026/003/04/budget-vote/"]
)
def test_an_address_written_otherwise_moves_permanently(client, article, written):
    response = client.get(written)
    assert response.status_code == 301
    assert response["Location"] == "/2026/03/04/budget-vote/"


def test_an_unpadded_address_with_a_wrong_date_moves_in_one_step(client, article):
    response = client.get("/2025/1/9/budget-vote/")
    assert response.status_code == 301
    assert response["Location"] == "/2026/03/04/budget-vote/"


@pytest.mark.parametrize("written", ["/2026/13/04/budget-vote/", "/2026/2/30/budget-vote/"])
def test_an_impossible_date_is_not_found(client, article, written):
    assert client.get(written).status_code == 404


def test_an_unpadded_address_of_a_draft_is_not_found(client):
    draft = make_article("Unfinished", published=False)
    day = draft.created_at
    assert client.get(f"/{day.year}/{day.month}/{day.day}/unfinished/").status_code == 404


def test_a_former_address_moves_whether_padded_or_not(client, article):
    article.slug = "budget-passes"
    article.published_at += datetime.timedelta(days=7)
    article.save()
    assert FormerAddress.objects.get().path == "/2026/03/04/budget-vote/"
    for old in ("/2026/03/04/budget-vote/", "/2026/3/4/budget-vote/"):
        response = client.get(old)
        assert response.status_code == 301
        assert response["Location"] == "/2026/03/11/budget-passes/"


def test_a_former_hangul_address_moves_to_the_current_one(client):
    article = make_article(
        "예산안 표결", language="ko", published_at=datetime.datetime(2026, 3, 4, tzinfo=SEOUL)
    )
    old = article.get_absolute_url()
    article.slug = "예산안-통과"
    article.save()
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()
    assert client.get("/2026/3/4/예산안-표결/")["Location"] == article.get_absolute_url()


@pytest.mark.parametrize(
    ("stored", "padded"),
    [
        ("/2026/3/4/budget-vote/", "/2026/03/04/budget-vote/"),
        ("/2026/12/3/%EC%98%88%EC%82%B0/", "/2026/12/03/%EC%98%88%EC%82%B0/"),
        ("/2026/11/30/budget-vote/", "/2026/11/30/budget-vote/"),
        ("/news/2026/1/1/budget-vote/", "/news/2026/01/01/budget-vote/"),
    ],
)
def test_former_addresses_recorded_before_padding_are_rewritten(stored, padded):
    assert padding.padded(stored) == padded


def test_rewriting_former_addresses_keeps_them_working(client, article):
    from django.apps import apps

    FormerAddress.objects.create(article=article, path="/2025/1/2/old-budget/")
    FormerAddress.objects.create(article=article, path="/2025/1/3/other-budget/")
    FormerAddress.objects.create(article=article, path="/2025/01/03/other-budget/")
    padding.pad_former_addresses(apps, None)
    assert sorted(FormerAddress.objects.values_list("path", flat=True)) == [
        "/2025/01/02/old-budget/",
        "/2025/01/03/other-budget/",
    ]
    assert client.get("/2025/1/2/old-budget/")["Location"] == "/2026/03/04/budget-vote/"


def test_feeds_sitemaps_and_the_api_give_the_padded_address(client, article):
    padded = "http://testserver/2026/03/04/budget-vote/"
    feed = feedparser.parse(client.get(reverse("articles:rss")).content)
    assert feed.entries[0].link == padded
    assert padded in client.get("/sitemap-articles.xml").content.decode()
    assert client.get("/api/v1/articles/").json()["results"][0]["url"] == padded
    page = client.get(article.get_absolute_url()).content.decode()
    assert f'<link rel="canonical" href="{padded}">' in page
    assert f'"url": "{padded}"' in page
