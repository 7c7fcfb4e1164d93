"""Reading what the site answers machines: XML documents, absolute addresses."""

import xml.etree.ElementTree as ET

from articles.models import Article

from .factories import make_article

REVIEW, UNPUBLISHED = Article.Status.REVIEW, Article.Status.UNPUBLISHED
HOST = "http://testserver"
NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


def absolute(path):
    return HOST + path


def xml(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return ET.fromstring(response.content)


def sitemap_locs(client, url):
    return [loc.text for loc in xml(client, url).findall("sm:url/sm:loc", NS)]


def hidden_articles(**fields):
    """Articles readers may not see, in every way an article can be hidden."""
    return [
        make_article("Draft story", published=False, **fields),
        make_article("Story in review", published=False, status=REVIEW, **fields),
        make_article("Unpublished story", status=UNPUBLISHED, **fields),
        make_article("Scheduled story", hours_ago=-3, **fields),
    ]
