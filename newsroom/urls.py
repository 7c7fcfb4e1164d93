from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _

from articles import sitemaps
from articles.page_cache import cached_page
from articles.preferences import language_view
from articles.sitemaps import SITEMAPS, news_sitemap, robots_txt
from newsroom import icons
from newsroom.health import healthz
from newsroom.media_files import media_file

admin.site.site_header = settings.NEWSROOM_SITE_NAME
admin.site.site_title = _("Newsroom")
admin.site.index_title = _("Newsroom desk")

urlpatterns = [
    path("admin/language/", admin.site.admin_view(language_view), name="admin_language"),
    path("admin/", admin.site.urls),
    path(
        "sitemap.xml",
        cached_page(sitemaps.index),
        name="sitemap_index",
    ),
    path(
        "sitemap-<text:section>.xml",
        cached_page(sitemap_views.sitemap, query=["p"]),
        # Django's sitemap.xml, without what these sitemaps never give (changefreq, priority).
        {"sitemaps": SITEMAPS, "template_name": "sitemaps/urlset.xml"},
        name="sitemap_section",
    ),
    path("news-sitemap.xml", cached_page(news_sitemap), name="news_sitemap"),
    path("api/v1/", include("articles.api.urls")),
    path("healthz", healthz, name="healthz"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("favicon.ico", icons.favicon, name="favicon"),
    re_path(r"^media/(?P<path>.+)$", media_file, name="media_file"),
    path("", include("articles.urls")),
]
