"""
The article page in parts, each cached for as long as what it shows stays the same.

The page cache (articles/page_cache.py) keeps whole pages until anything on the site
changes. The parts kept here outlive such changes, so an article page is made quickly
even when the page cache is cold or off:

- the article's own parts (its header, byline, body, notes, corrections, tags and the
  head's metadata) under the article's content_version, which moves on whenever one of
  them changes (the article, a section, a footnote, a correction, a byline, an author,
  a tag merge);
- the parts showing other articles (translations, read also, latest) under the site
  version, like whole pages.

Previews are made fresh every time and never stored.
"""

from django.conf import settings
from django.core.cache import cache
from django.db.models import prefetch_related_objects
from django.template.loader import get_template
from django.utils.safestring import mark_safe

from . import read_also, structured_data
from .models import Article, own_page_lookups, surrounding_page_lookups

OWN_PARTS = ("head", "heading", "byline", "body", "tags")
SURROUNDING_PARTS = ("alternates", "translations", "read_also", "latest")


def article_parts(request, article, cached=True):
    """
    The page parts of ``article`` as safe HTML, by name. Views behind the page cache find
    the site version on the request (page_cache.respond puts it there).
    """
    origin = f"{request.scheme}://{request.get_host()}"
    if not cached:
        return {**_own_parts(article, origin), **_surrounding_parts(article, origin)}
    changed = article.updated_at.timestamp()
    own_key = f"part:own:{article.pk}:{article.content_version}:{changed}:{origin}"
    state = request.site_version
    site = f"{state.version}:{state.changed_at.timestamp()}"
    surrounding_key = f"part:around:{site}:{article.pk}:{origin}"
    stored = cache.get_many([own_key, surrounding_key])
    if own_key not in stored:
        stored[own_key] = _own_parts(article, origin)
        cache.set(own_key, stored[own_key], settings.NEWSROOM_ARTICLE_PARTS_SECONDS)
    if surrounding_key not in stored:
        stored[surrounding_key] = _surrounding_parts(article, origin)
        timeout = min(settings.NEWSROOM_PAGE_CACHE_SECONDS, state.seconds_until_next_publication())
        cache.set(surrounding_key, stored[surrounding_key], timeout)
    return {
        name: mark_safe(html)
        for name, html in {**stored[own_key], **stored[surrounding_key]}.items()
    }


def _own_parts(article, origin):
    if deferred := article.get_deferred_fields():
        article.refresh_from_db(fields=deferred)
    prefetch_related_objects([article], *own_page_lookups())
    canonical_url = origin + article.get_absolute_url()
    social_image = None
    if picture := article.lead_picture:
        social_image = picture.crop("social")
        social_image["url"] = origin + social_image["url"]
    context = {
        "article": article,
        "site_name": settings.NEWSROOM_SITE_NAME,
        "canonical_url": canonical_url,
        "social_image": social_image,
        "structured_data": structured_data.news_article(article, lambda path: origin + path),
    }
    return _render(OWN_PARTS, context)


def _surrounding_parts(article, origin):
    prefetch_related_objects([article], *surrounding_page_lookups())
    context = {
        "article": article,
        "origin": origin,
        "canonical_url": origin + article.get_absolute_url(),
        "translations": article.translations,
        "read_also": read_also.for_readers(article),
        "latest": Article.objects.latest(settings.NEWSROOM_LATEST_COUNT, excluding=article),
    }
    return _render(SURROUNDING_PARTS, context)


def _render(names, context):
    return {name: get_template(f"articles/parts/{name}.html").render(context) for name in names}
