"""Every public page describes itself to search engines and sharing cards, and has icons."""

import pytest
from django.contrib.staticfiles import finders
from PIL import Image

from .factories import add_byline, add_section, make_article, make_author
from .html import page

pytestmark = pytest.mark.django_db

TAGLINE = "News, analysis and opinion from Seoul, in English and Korean."


def description(response):
    assert response.status_code in (200, 404)
    soup = page(response)
    named = soup.select('meta[name="description"]')
    shared = soup.select('meta[property="og:description"]')
    assert len(named) == len(shared) == 1
    assert named[0]["content"] == shared[0]["content"]
    text = named[0]["content"]
    assert text
    return text


@pytest.fixture
def newsroom():
    kim = make_author(
        "Kim Min-seo", slug="kim-min-seo", bio="Kim covers energy and climate. She joined in 2019."
    )
    make_author("Lee Jun-ho", slug="lee-jun-ho")
    for n in range(3):
        article = make_article(f"Grid story {n}", kind="analysis")
        add_byline(article, kim)
        article.tags.add("Energy & grid")
    make_article("예산안 통과", language="ko")


def test_front_page_gives_the_site_tagline(client, newsroom):
    assert description(client.get("/")) == TAGLINE


def test_front_page_of_a_language_names_the_language(client, newsroom):
    assert description(client.get("/ko/")) == "The Seoul Ledger의 한국어 최신 기사입니다."
    assert (
        description(client.get("/en/")) == "The latest articles in English from The Seoul Ledger."
    )


# Lists name what they hold without counting it: a count grows with the archive.


def test_tag_page_names_its_tag(client, newsroom):
    assert (
        description(client.get("/tags/energy-grid/"))
        == "Articles tagged “Energy & grid” on The Seoul Ledger, newest first."
    )


def test_author_page_gives_the_first_sentence_of_the_bio(client, newsroom):
    assert description(client.get("/authors/kim-min-seo/")) == "Kim covers energy and climate."


def test_author_page_without_a_bio_names_the_author(client, newsroom):
    article = make_article("A single story")
    add_byline(article, make_author("Park Seo-yeon", slug="park-seo-yeon"))
    assert (
        description(client.get("/authors/park-seo-yeon/"))
        == "Articles by Park Seo-yeon on The Seoul Ledger, newest first."
    )


def test_kind_page_names_its_kind(client, newsroom):
    assert description(client.get("/analysis/")) == "Analysis on The Seoul Ledger, newest first."


def test_search_pages_say_what_they_search(client, newsroom):
    assert description(client.get("/search/")) == (
        "Search the articles of The Seoul Ledger in English and Korean."
    )
    assert description(client.get("/search/", {"q": 'grid "story"'})) == (
        'Articles of The Seoul Ledger matching “grid "story"”.'
    )


def test_missing_page_describes_itself(client):
    assert "not on The Seoul Ledger" in description(client.get("/no/such/page/"))


def test_article_gives_its_dek(client):
    article = make_article(dek="Parliament passed the budget after a night of talks.")
    assert description(client.get(article.get_absolute_url())) == (
        "Parliament passed the budget after a night of talks."
    )


def test_article_without_a_dek_gives_its_first_sentence(client):
    article = make_article("Budget passes", dek="")
    add_section(article, "<p>Parliament passed the budget. The vote was 180 to 95.</p>")
    assert description(client.get(article.get_absolute_url())) == "Parliament passed the budget."


def test_article_without_words_gives_its_headline(client):
    article = make_article("Budget passes", dek="")
    assert description(client.get(article.get_absolute_url())) == "Budget passes"


def test_a_first_sentence_that_runs_on_is_cut_at_a_word(client):
    article = make_article(dek="")
    add_section(article, "<p>" + "The budget " * 80 + "</p>")
    text = description(client.get(article.get_absolute_url()))
    assert len(text) <= 300 and text.endswith("…")
    assert ("The budget " * 80).startswith(text.removesuffix("…") + " ")


def test_tagline_comes_from_the_settings(client, settings):
    settings.NEWSROOM_SITE_TAGLINE = "Local news for Mapo-gu."
    assert description(client.get("/")) == "Local news for Mapo-gu."


def test_every_page_names_the_site_icons(client, newsroom):
    soup = page(client.get("/"))
    assert soup.select_one('link[rel="icon"]')["href"] == "/static/icons/favicon.ico"
    touch = soup.select_one('link[rel="apple-touch-icon"]')["href"]
    assert touch == "/static/icons/apple-touch-icon.png"
    with Image.open(finders.find("icons/apple-touch-icon.png")) as icon:
        assert icon.size == (180, 180)
    with Image.open(finders.find("icons/favicon.ico")) as icon:
        assert icon.format == "ICO"


def test_favicon_address_leads_to_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/icons/favicon.ico"


def test_icons_are_configurable_per_site(client, settings):
    settings.NEWSROOM_FAVICON = "https://media.example.org/mapo/favicon.ico"
    settings.NEWSROOM_APPLE_TOUCH_ICON = "/media/mapo/touch.png"
    soup = page(client.get("/"))
    assert soup.select_one('link[rel="icon"]')["href"] == settings.NEWSROOM_FAVICON
    assert soup.select_one('link[rel="apple-touch-icon"]')["href"] == "/media/mapo/touch.png"
    assert client.get("/favicon.ico")["Location"] == settings.NEWSROOM_FAVICON


def test_a_description_without_spaces_is_cut_too(client):
    article = make_article(dek="")
    add_section(article, "<p>" + "가" * 400 + "</p>")
    assert description(client.get(article.get_absolute_url())) == "가" * 299 + "…"
