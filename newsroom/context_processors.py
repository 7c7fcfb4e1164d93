from django.conf import settings

from articles.models import Article


def site(request):
    return {"site_name": settings.NEWSROOM_SITE_NAME, "article_kinds": Article.Kind.choices}
