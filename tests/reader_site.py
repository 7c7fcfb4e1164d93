"""Every address readers, crawlers and partner apps use, and what the site answers there."""

from django.urls import reverse
from taggit.models import Tag

from articles.models import Article, Author, FormerAddress, ReadingList, TagRedirect
from articles.sitemaps import SITEMAPS


def public_urls():
    """Reader pages, feeds and sitemaps, and the old addresses that redirect among them."""
    urls = ["/", "/feeds/rss/", "/feeds/atom/", "/sitemap.xml", "/news-sitemap.xml"]
    urls += [f"/sitemap-{section}.xml" for section in SITEMAPS]
    urls += [reverse(f"articles:kind_{kind}") for kind in Article.Kind.values]
    urls += [article.get_absolute_url() for article in Article.objects.published()]
    urls += [reverse("articles:tag", args=[tag.slug]) for tag in Tag.objects.all()]
    urls += [reverse("articles:tag_rss", args=[tag.slug]) for tag in Tag.objects.all()]
    urls += [author.get_absolute_url() for author in Author.objects.all()]
    urls += [former.path for former in FormerAddress.objects.all()]
    urls += [reverse("articles:tag", args=[r.old_slug]) for r in TagRedirect.objects.all()]
    urls += ["/search/?q=korea", "/search/?q=인공지능"]
    return urls


def api_urls():
    """The content API's answers about the same content."""
    urls = ["/api/v1/articles/", "/api/v1/tags/", "/api/v1/authors/"]
    urls += [
        reverse("api:article", args=[pk])
        for pk in Article.objects.published().values_list("pk", flat=True)
    ]
    urls += [
        reverse("api:reading_list", args=[slug])
        for slug in ReadingList.objects.values_list("slug", flat=True)
    ]
    urls += ["/api/v1/articles/?q=인공지능", "/api/v1/articles/?tag=ai-policy"]
    return urls


def fetch(client, urls):
    """Status, redirect target and body of each address."""
    responses = {url: client.get(url) for url in urls}
    return {
        url: (response.status_code, response.get("Location"), response.content)
        for url, response in responses.items()
    }
