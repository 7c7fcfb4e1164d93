import datetime

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.core.paginator import EmptyPage, Page, PageNotAnInteger
from django.db.models import Exists, Min, OuterRef, Q, prefetch_related_objects
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from . import tagging
from .models import Article, Author, SitemapFile, sitemap_files


class NewsroomSitemap(Sitemap):
    """Files split at the protocol's limit of 50,000 addresses (NEWSROOM_SITEMAP_LIMIT)."""

    @property
    def limit(self):
        return settings.NEWSROOM_SITEMAP_LIMIT

    def index_pages(self):
        """The numbers of this sitemap's files, each with when it last changed (or None)."""
        return [(number, None) for number in self.paginator.page_range]


def files_before_the_archive():
    """
    The runs of ids before the archive's first article's (articles/models/sitemap_files.py):
    the sitemap's file 1 is that article's run, so addresses start at 1 whatever the first
    id. They move only when every article of that run is deleted.
    """
    first = Article.objects.order_by().aggregate(first=Min("pk"))["first"]
    return sitemap_files.file_of(first) - 1 if first else 0


class IdRangePaginator:
    """The article sitemap's files, each a run of ids: no count, no OFFSET."""

    def __init__(self, items):
        self.items = items

    def page(self, number):
        if isinstance(number, str) and not (number.isascii() and number.isdigit()):
            raise PageNotAnInteger("Not a page number.")
        if str(number) != str(int(number)) or int(number) < 1:
            raise EmptyPage("Not a page's one address.")
        run = int(number) + files_before_the_archive()
        rows = list(self.items.filter(sitemap_files.in_files(run)))
        if not rows:
            raise EmptyPage("No published article in this file.")
        return Page(rows, int(number), self)


class ArticleSitemap(NewsroomSitemap):
    @property
    def limit(self):
        return sitemap_files.file_size()

    @property
    def paginator(self):
        return IdRangePaginator(self.items())

    def items(self):
        translated = Exists(Article.objects.filter(translation_of=OuterRef("pk")))
        return (
            Article.objects.published()
            .only("slug", "language", "status", "published_at", "updated_at", "translation_of")
            .annotate(has_translations=Q(translation_of__isnull=False) | translated)
            .order_by("pk")
        )

    def index_pages(self):
        skipped = files_before_the_archive()
        return [(run - skipped, lastmod) for run, lastmod in SitemapFile.objects.lastmods()]

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        origin = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        # Most articles have no translation: only those that have are looked up again.
        translated = [url["item"] for url in urls if url["item"].has_translations]
        prefetch_related_objects(translated, "translation_of", "translated_as")
        for url in urls:
            article = url["item"]
            if article.has_translations and (translations := article.translations):
                # Every version names all versions, itself included (hreflang alternates).
                url["alternates"] = [
                    {"location": origin + version.get_absolute_url(), "lang_code": version.language}
                    for version in [article, *translations]
                ]
        return urls

    def lastmod(self, article):
        return article.last_changed


class TagSitemap(NewsroomSitemap):
    def items(self):
        return tagging.tags_in_use().order_by("pk")

    def location(self, tag):
        return reverse("articles:tag", kwargs={"slug": tag.slug})


class AuthorSitemap(NewsroomSitemap):
    def items(self):
        return Author.objects.writing().order_by("pk")


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


@x_robots_tag
def index(request):
    """The sitemap index: every file of every sitemap, with its own lastmod where known."""
    files = []
    for section, sitemap in SITEMAPS.items():
        sitemap = sitemap()
        address = request.build_absolute_uri(reverse("sitemap_section", args=[section]))
        for number, lastmod in sitemap.index_pages():
            location = address if number == 1 else f"{address}?p={number}"
            files.append(SitemapIndexItem(location, lastmod))
    return render(request, "sitemap_index.xml", {"sitemaps": files}, content_type="application/xml")


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
