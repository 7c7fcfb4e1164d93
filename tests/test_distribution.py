"""What leaves the site for machines: feeds, sitemaps, robots.txt, JSON-LD and social cards."""

import datetime
import json
import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag

from articles.models import Article, Correction
from articles.tagging import merge_tags

from .factories import (
    add_byline,
    add_footnote,
    add_section,
    make_article,
    make_author,
    make_picture,
)
from .html import page
from .machine_reading import HOST, NS, absolute, hidden_articles, sitemap_locs
from .pictures import photo

pytestmark = pytest.mark.django_db

DEK = (
    "Seoul's central bank raised its base rate for the third time this year, saying that "
    "household debt and a weak currency left it little choice, while exporters warned that "
    "the cost of credit now threatens the investment plans they announced in spring, and "
    "economists expect at least one more increase before the year is out."
)
FEEDS = ["/feeds/rss/", "/feeds/atom/"]


def utc(struct_time):
    return datetime.datetime(*struct_time[:6], tzinfo=datetime.UTC)


def whole_seconds(moment):
    return moment.astimezone(datetime.UTC).replace(microsecond=0)


def feed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


@pytest.fixture
def newsroom():
    kim, lee = make_author("Kim Ji-won"), make_author("Lee Min-ho")
    older = make_article("Older story", hours_ago=5, dek=DEK)
    add_byline(older, kim)
    older.tags.add("Economy")
    newer = make_article("Newer story", hours_ago=2)
    add_byline(newer, kim, order=0)
    add_byline(newer, lee, order=1)
    newer.tags.add("Politics", "Seoul")
    for article in hidden_articles():
        add_byline(article, make_author(f"Writer of {article.headline}"))
        article.tags.add("Economy", f"Only {article.headline}")
    return newer, older


# Feeds


@pytest.mark.parametrize("url", FEEDS)
def test_feed_lists_published_articles_newest_first_with_their_details(client, newsroom, url):
    newer, older = newsroom
    entries = feed(client, url).entries

    assert [entry.title for entry in entries] == ["Newer story", "Older story"]
    assert [entry.link for entry in entries] == [
        absolute(newer.get_absolute_url()),
        absolute(older.get_absolute_url()),
    ]
    assert entries[1].summary == DEK
    assert [utc(entry.published_parsed) for entry in entries] == [
        whole_seconds(newer.published_at),
        whole_seconds(older.published_at),
    ]
    assert [entry.author for entry in entries] == ["Kim Ji-won, Lee Min-ho", "Kim Ji-won"]
    assert [sorted(tag.term for tag in entry.tags) for entry in entries] == [
        ["Politics", "Seoul"],
        ["Economy"],
    ]


def test_atom_updated_date_is_the_later_of_last_edit_and_publication(client, newsroom):
    newer, older = newsroom
    # A scheduled article last edited before its publication time came.
    Article.objects.filter(pk=newer.pk).update(
        updated_at=newer.published_at - datetime.timedelta(hours=6)
    )
    older.refresh_from_db()
    entries = feed(client, "/feeds/atom/").entries

    assert utc(entries[0].updated_parsed) == whole_seconds(newer.published_at)
    assert utc(entries[1].updated_parsed) == whole_seconds(older.updated_at)
    assert older.updated_at > older.published_at


def test_tag_feed_lists_only_published_articles_with_that_tag(client, newsroom):
    parsed = feed(client, "/tags/economy/rss/")
    assert [entry.title for entry in parsed.entries] == ["Older story"]
    assert feed(client, "/tags/politics/rss/").entries[0].title == "Newer story"
    assert client.get("/tags/no-such-tag/rss/").status_code == 404


def make_bylined_articles(count):
    for _ in range(count):
        article = make_article()
        add_byline(article, make_author(), order=0)
        add_byline(article, make_author(), order=1)
        article.tags.add("shared", f"first of {article.pk}", f"second of {article.pk}")


def queries_for(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("url", [*FEEDS, "/tags/shared/rss/"])
def test_feed_query_count_does_not_grow_with_articles(client, url, settings):
    settings.NEWSROOM_PAGE_CACHE = False  # the cost of making the feed, not of the cache
    make_bylined_articles(2)
    with_two = queries_for(client, url)
    make_bylined_articles(10)
    assert len(feed(client, url).entries) == 12
    assert queries_for(client, url) == with_two


# Sitemaps


def test_tag_and_author_sitemaps_list_only_those_of_published_articles(client, newsroom):
    assert sorted(sitemap_locs(client, "/sitemap-tags.xml")) == [
        absolute("/tags/economy/"),
        absolute("/tags/politics/"),
        absolute("/tags/seoul/"),
    ]
    assert sorted(sitemap_locs(client, "/sitemap-authors.xml")) == [
        absolute("/authors/kim-ji-won/"),
        absolute("/authors/lee-min-ho/"),
    ]


def test_news_sitemap_lists_articles_of_the_last_two_days_newest_first(client, settings):
    recent = make_article("Rates & <bonds> rise", hours_ago=3)
    korean = make_article("서울 시장 선거 결과", hours_ago=40, language="ko")
    make_article("Three days old", hours_ago=72)
    hidden_articles()
    response = client.get("/news-sitemap.xml")
    assert response["Content-Type"].startswith("application/xml")
    urls = ET.fromstring(response.content).findall("sm:url", NS)

    assert [url.findtext("sm:loc", namespaces=NS) for url in urls] == [
        absolute(recent.get_absolute_url()),
        absolute(korean.get_absolute_url()),
    ]
    for url, article, language in zip(urls, [recent, korean], ["en", "ko"], strict=True):
        news = url.find("news:news", NS)
        assert news.findtext("news:publication/news:name", namespaces=NS) == (
            settings.NEWSROOM_SITE_NAME
        )
        assert news.findtext("news:publication/news:language", namespaces=NS) == language
        published = datetime.datetime.fromisoformat(
            news.findtext("news:publication_date", namespaces=NS)
        )
        assert published.tzinfo is not None and published == article.published_at
        assert news.findtext("news:title", namespaces=NS) == article.headline


def test_robots_txt_names_both_sitemaps_and_keeps_crawlers_out_of_admin_and_previews(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines
    assert "Disallow: /preview/" in lines
    sitemaps = [line.removeprefix("Sitemap: ") for line in lines if line.startswith("Sitemap:")]
    assert sitemaps == [absolute("/sitemap.xml"), absolute("/news-sitemap.xml")]
    for url in sitemaps:
        assert client.get(url.removeprefix(HOST)).status_code == 200


# JSON-LD and social cards


def json_ld(response):
    assert response.status_code == 200
    blocks = page(response).find_all("script", attrs={"type": "application/ld+json"})
    assert len(blocks) == 1
    return json.loads(blocks[0].string)


EXAMPLE = "https://example.org/"
NOTES = [("zhang", "Second cited", "Zhang, Y.", 2021), ("kim", "First cited", "Kim, J.", 2019)]


def creative_work(key, title, authors, year):
    return {
        "@type": "CreativeWork",
        "name": title,
        "author": authors,
        "datePublished": str(year),
        "url": EXAMPLE + key,
    }


@pytest.fixture
def illustrated():
    article = make_article(
        "Why rates rose again",
        dek=DEK,
        kind=Article.Kind.ANALYSIS,
        lead_picture=make_picture(
            photo(size=(2400, 1600), gps=False),
            alt="Traders watch screens at a Seoul dealing room",
        ),
    )
    add_byline(article, make_author("Kim Ji-won"), order=0)
    add_byline(article, make_author("Lee Min-ho"), order=1)
    # Stored in one order, cited in the other.
    for key, title, authors, year in NOTES:
        add_footnote(article, key, title=title, authors=authors, year=year, url=EXAMPLE + key)
    add_section(article, "<p>Debt is high.[^kim] The won is weak.[^zhang]</p>")
    article.refresh_from_db()
    return article


def test_article_page_describes_itself_as_a_news_article(client, illustrated, settings):
    article = illustrated
    correction = Correction.objects.create(article=article, text="The rate is 3.5%, not 3%.")
    article.refresh_from_db()
    data = json_ld(client.get(article.get_absolute_url()))

    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Why rates rose again"
    assert data["alternativeHeadline"] == data["description"] == DEK
    assert data["url"] == absolute(article.get_absolute_url())
    assert datetime.datetime.fromisoformat(data["datePublished"]) == article.published_at
    assert datetime.datetime.fromisoformat(data["dateModified"]) == article.updated_at
    assert data["inLanguage"] == "en"
    assert data["articleSection"] == "Analysis"
    assert data["author"] == [
        {
            "@type": "Person",
            "name": name,
            "url": absolute(f"/authors/{slug}/"),
            "jobTitle": "Reporter",
        }
        for name, slug in [("Kim Ji-won", "kim-ji-won"), ("Lee Min-ho", "lee-min-ho")]
    ]
    assert data["publisher"]["name"] == settings.NEWSROOM_SITE_NAME
    picture = article.lead_rendered
    shapes = ("16x9", "4x3", "1x1")
    assert data["image"] == [absolute(picture.crop(shape)["url"]) for shape in shapes]
    assert data["citation"] == [creative_work(*NOTES[1]), creative_work(*NOTES[0])]
    [comment] = data["correction"]
    assert comment["@type"] == "CorrectionComment"
    assert correction.text in comment["text"]
    assert datetime.datetime.fromisoformat(comment["datePublished"]) == correction.created_at


def test_plain_article_leaves_out_image_citations_and_corrections(client):
    article = make_article("Short news", language="ko")
    response = client.get(article.get_absolute_url())
    data = json_ld(response)
    assert data["inLanguage"] == "ko"
    assert data["articleSection"] == "뉴스"  # the kind, in the article's language
    assert not {"image", "citation", "correction"} & data.keys()
    soup = page(response)
    assert soup.find("meta", attrs={"name": "twitter:card"})["content"] == "summary"
    assert soup.find("meta", attrs={"property": "og:image"}) is None


def test_headline_cannot_break_out_of_the_json_ld_script(client):
    headline = 'Breaking </script><script>alert(1)</script> & "more"'
    article = make_article(headline)
    response = client.get(article.get_absolute_url())

    soup = page(response)
    assert len(soup.find_all("script")) == 1
    assert json_ld(response)["headline"] == headline
    assert "<script>alert(1)" not in response.content.decode()


def test_open_graph_and_twitter_cards_point_at_the_canonical_address(client, illustrated):
    article = illustrated
    soup = page(client.get(article.get_absolute_url()))

    def meta(key, attribute="property"):
        return soup.find("meta", attrs={attribute: key})["content"]

    canonical = soup.find("link", rel="canonical")["href"]
    assert canonical == absolute(article.get_absolute_url())
    assert meta("og:title") == "Why rates rose again"
    assert meta("og:description") == DEK
    assert meta("og:url") == canonical
    assert meta("og:image") == absolute(article.lead_rendered.crop("social")["url"])
    assert meta("twitter:card", "name") == "summary_large_image"


def test_feed_of_a_merged_tag_follows_the_tag_that_absorbed_it(client):
    article = make_article("Merged tag story")
    article.tags.add("artificial intelligence")
    keep = Tag.objects.create(name="ai")
    merge_tags(list(Tag.objects.filter(name="artificial intelligence")), keep)
    old = feedparser.parse(client.get("/tags/artificial-intelligence/rss/").content)
    new = feedparser.parse(client.get("/tags/ai/rss/").content)
    assert [e.title for e in old.entries] == [e.title for e in new.entries] == ["Merged tag story"]


def test_summary_without_a_dek_ends_on_a_whole_word(client):
    article = make_article("No dek", dek="")
    add_section(article, "<p>" + "lithography " * 200 + "</p>")
    entry = feedparser.parse(client.get("/feeds/rss/").content).entries[0]
    assert entry.summary.endswith("lithography…")
