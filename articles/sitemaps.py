import datetime

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from .models import Article, Author, published_q


class NewsroomSitemap(Sitemap):
    """Files split at the protocol's limit of 50,000 addresses (NEWSROOM_SITEMAP_LIMIT)."""

    @property
    def limit(self):
        return settings.NEWSROOM_SITEMAP_LIMIT


class ArticleSitemap(NewsroomSitemap):
    def items(self):
        return (
            Article.objects.published()
            .only("slug", "language", "status", "published_at", "updated_at", "translation_of")
            .select_related("translation_of")
            .prefetch_related("translated_as")
            .order_by("pk")
        )

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        origin = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        for url in urls:
            article = url["item"]
            if translations := article.translations:
                # Every version names all versions, itself included (hreflang alternates).
                url["alternates"] = [
                    {"location": origin + version.get_absolute_url(), "lang_code": version.language}
                    for version in [article, *translations]
                ]
        return urls

    def lastmod(self, article):
        return max(article.updated_at, article.published_at)


class TagSitemap(NewsroomSitemap):
    def items(self):
        tagged = Tag.objects.filter(published_q("articles_taggedarticle_items__content_object__"))
        return tagged.distinct().order_by("pk")

    def location(self, tag):
        return reverse("articles:tag", kwargs={"slug": tag.slug})


class AuthorSitemap(NewsroomSitemap):
    def items(self):
        writing = Author.objects.filter(published_q("articles__"))
        return writing.distinct().order_by("pk")


class PageSitemap(NewsroomSitemap):
    def items(self):
        return ["articles:home", *[f"articles:kind_{kind}" for kind in Article.Kind.values]]

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "pages": PageSitemap,
    "articles": ArticleSitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
}

# Google News reads articles of the last two days, at most 1,000.
NEWS_WINDOW = datetime.timedelta(days=2)
NEWS_LIMIT = 1000


def news_sitemap(request):
    articles = (
        Article.objects.published()
        .filter(published_at__gte=timezone.now() - NEWS_WINDOW)
        .order_by("-published_at")
        .only("headline", "slug", "language", "published_at")[:NEWS_LIMIT]
    )
    return render(
        request,
        "sitemaps/news.xml",
        {"articles": articles, "publication": settings.NEWSROOM_SITE_NAME},
        content_type="application/xml",
    )


def robots_txt(request):
    return render(request, "robots.txt", content_type="text/plain")
