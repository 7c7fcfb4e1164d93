from django.conf import settings
from django.urls import path

from . import feeds, views
from .models import Article
from .page_cache import cached_page

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    *[
        path(f"{code}/", views.home, {"language": code}, name=f"home_{code}")
        for code, _name in settings.LANGUAGES
    ],
    path("<yyyy:year>/<mm:month>/<dd:day>/<text:slug>/", views.article_detail, name="detail"),
    # Any other way of writing the date (/2026/1/3/slug/, as the site once did) moves for good.
    path(
        "<int:year>/<int:month>/<int:day>/<text:slug>/",
        views.article_detail,
        {"canonical": False},
    ),
    path("tags/<text:slug>/", views.tag_detail, name="tag"),
    path("tags/<text:slug>/rss/", cached_page(feeds.TagFeed()), name="tag_rss"),
    path("feeds/rss/", cached_page(feeds.LatestArticlesFeed()), name="rss"),
    path("feeds/atom/", cached_page(feeds.LatestArticlesAtomFeed()), name="atom"),
    path("authors/<text:slug>/", views.author_detail, name="author"),
    path("search/", views.search_results, name="search"),
    *[
        path(f"{kind}/", views.kind_list, {"kind": kind}, name=f"kind_{kind}")
        for kind in Article.Kind.values
    ],
    path("preview/<int:pk>/", views.preview, name="preview"),
    path("preview/shared/<text:token>/", views.shared_preview, name="shared_preview"),
]
