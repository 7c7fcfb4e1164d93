"""
The article page from two pieces of cached HTML, each kept for as long as what it
shows stays the same.

The page cache (articles/page_cache.py) keeps whole pages until anything on the site
changes. The pieces kept here outlive such changes, so an article page is made quickly
even when the page cache is cold or off:

- the page as the article's own rows make it (head metadata, header, byline, lead
  image, body, notes, corrections, tags), with an empty slot for each part that shows
  other articles; kept under the article's content_version, which every change to
  those rows moves on (the article, a section, a footnote, a correction, a byline, an
  author's name, a tag renamed, merged or deleted);
- the parts that show other articles (the head's alternates, translations, read also,
  latest), kept under the site version, like whole pages.

A request fills the first's slots with the second. Previews make both afresh every
time and keep neither.
"""

from django.conf import settings
from django.core.cache import cache
from django.db.models import prefetch_related_objects
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from . import read_also, structured_data
from .models import Article, own_page_lookups, surrounding_page_lookups

AROUND = ("alternates", "translations", "read_also", "latest")


def _slot(name):
    # Nothing an article shows can contain it: bleach strips comments from bodies, and
    # templates escape "<" in every other text (json_ld too).
    return f"<!--newsroom:{name}-->"


def article_page(request, article, is_preview=False):
    """
    The article page's HTML, in the article's language whatever the reader's browser
    says. Views behind the page cache find the site version on the request
    (page_cache.respond puts it there).
    """
    origin = f"{request.scheme}://{request.get_host()}"
    if is_preview:
        with translation.override(article.language):
            return _filled(_own_page(article, origin, is_preview), _around(article, origin))
    changed = article.updated_at.timestamp()
    own_key = f"article-page:{article.pk}:{article.content_version}:{changed}:{origin}"
    state = request.site_version
    around_key = f"article-around:{state.key}:{article.pk}:{origin}"
    stored = cache.get_many([own_key, around_key])
    if len(stored) < 2:
        _load_whole_row(article)
        with translation.override(article.language):
            if own_key not in stored:
                stored[own_key] = _own_page(article, origin)
                cache.set(own_key, stored[own_key], settings.NEWSROOM_ARTICLE_PARTS_SECONDS)
            if around_key not in stored:
                stored[around_key] = _around(article, origin)
                cache.set(around_key, stored[around_key], state.cache_seconds())
    return _filled(stored[own_key], stored[around_key])


def _filled(page, around):
    for name, html in around.items():
        page = page.replace(_slot(name), html, 1)
    return page


def _load_whole_row(article):
    if deferred := article.get_deferred_fields():
        article.refresh_from_db(fields=deferred)


def _own_page(article, origin, is_preview=False):
    prefetch_related_objects([article], *own_page_lookups())
    social_image = None
    if picture := article.lead_picture:
        social_image = picture.crop("social")
        social_image["url"] = origin + social_image["url"]
    context = {
        "article": article,
        "is_preview": is_preview,
        "site_name": settings.NEWSROOM_SITE_NAME,
        "canonical_url": origin + article.get_absolute_url(),
        "social_image": social_image,
        "structured_data": structured_data.news_article(article, lambda path: origin + path),
        "around": {name: mark_safe(_slot(name)) for name in AROUND},
    }
    return render_to_string("articles/article_detail.html", context)


def _around(article, origin):
    prefetch_related_objects([article], *surrounding_page_lookups())
    context = {
        "article": article,
        "origin": origin,
        "canonical_url": origin + article.get_absolute_url(),
        "translations": article.translations,
        "read_also": read_also.for_readers(article),
        "latest": Article.objects.latest(settings.NEWSROOM_LATEST_COUNT, excluding=article),
    }
    return {name: render_to_string(f"articles/parts/{name}.html", context) for name in AROUND}
