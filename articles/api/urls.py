from csp.decorators import csp_replace
from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import views

app_name = "api"

urlpatterns = [
    path("articles/", views.ArticleList.as_view(), name="articles"),
    path("articles/<int:pk>/", views.ArticleDetail.as_view(), name="article"),
    path("tags/", views.TagList.as_view(), name="tags"),
    path("authors/", views.AuthorList.as_view(), name="authors"),
    path("reading-lists/<text:slug>/", views.ReadingListDetail.as_view(), name="reading_list"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        # Swagger UI: its scripts and styles come from this server (drf-spectacular-sidecar);
        # it styles elements inline, fetches the schema and draws icons as data: images.
        csp_replace(
            {
                "script-src": ["'self'"],
                "style-src": ["'self'", "'unsafe-inline'"],
                "img-src": ["'self'", "data:"],
                "connect-src": ["'self'"],
            }
        )(SpectacularSwaggerSplitView.as_view(url_name="api:schema")),
        name="docs",
    ),
    re_path("", views.Unknown.as_view()),
]
