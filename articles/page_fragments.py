"""
The article page, made from two sets of cached pieces, each kept for as long as what it
shows stays the same ("Russian doll" caching: a piece's key carries the version of what it
shows, so nothing is ever deleted).

- ``own``: what the article's own rows make (head metadata, header, byline, lead image,
  body, notes, corrections, tags; templates/articles/own/), kept under the article's
  ``content_version``, which every change to those rows moves on (the article, a section,
  a footnote, a correction, a byline, an author's name, a tag renamed, merged or deleted);
- ``around``: what shows other articles (the head's alternates, translations, read also,
  latest; templates/articles/parts/), kept under the site's state (SiteVersion), like whole
  pages, with what finds the article's own pieces.

templates/articles/article_detail.html puts them together on every request; with both
pieces cached that costs no query beyond the site's state. Previews make both afresh
every time and keep neither.
"""

import dataclasses
import datetime
import functools
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from . import read_also, structured_data
from .models import Article
from .page_cache import origin

OWN = ("description", "head", "social", "heading", "story", "tags")
AROUND = ("alternates", "translations", "read_also", "latest")


@dataclasses.dataclass(frozen=True)
class ArticlePage:
    html: str
    path: str
    day: datetime.date


@functools.cache
def _article_pages():
    """
    The query of an article for its page, but which article: defined once, since building
    its two EXISTS cost more than running it (0.5 of 1.3 ms). Each filter runs a copy.
    """
    return Article.objects.order_by().for_article_page()


def published_page(request, slug):
    """The page of the article readers see at ``slug``, or None when there is none."""
    host, state = origin(request), request.site_state
    around_key = _key("article-around", state.key, host, slug)
    around = cache.get(around_key)
    article = None
    if around is None:
        article = next(iter(_article_pages().published().filter(slug=slug)), None)
        if article is None:
            return None
        around = {"article": _finding(article), "parts": _around(article, host)}
        cache.set(around_key, around, state.cache_seconds())
    found = around["article"]
    own_key = _key("article-own", found["pk"], found["content_version"], found["updated"], host)
    own = cache.get(own_key)
    if own is None:
        article = article or Article.objects.select_related("lead_picture").get(pk=found["pk"])
        own = _own(article, host)
        cache.set(own_key, own, settings.NEWSROOM_ARTICLE_PARTS_SECONDS)
    html = _assembled(found["language"], found["title"], own, around["parts"])
    return ArticlePage(html, found["path"], found["day"])


def preview_page(request, article):
    """The page of any article as readers would see it, made afresh."""
    host = origin(request)
    own, around = _own(article, host, is_preview=True), _around(article, host)
    return _assembled(article.language, _title(article), own, around)


def _key(*parts):
    return "article-page:" + hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def _finding(article):
    """What finds the article's own pieces, and what the view checks its address against."""
    return {
        "pk": article.pk,
        "content_version": article.content_version,
        "updated": article.updated_at.timestamp(),
        "language": article.language,
        "title": _title(article),
        "path": article.get_absolute_url(),
        "day": timezone.localdate(article.published_at),
    }


def _title(article):
    return f"{article.headline} · {settings.NEWSROOM_SITE_NAME}"


def _assembled(language, title, own, around):
    context = {
        "language": language,
        "title": title,
        "own": {name: mark_safe(html) for name, html in own.items()},
        "around": {name: mark_safe(html) for name, html in around.items()},
    }
    with translation.override(language):
        return render_to_string("articles/article_detail.html", context)


def _own(article, host, is_preview=False):
    with translation.override(article.language):
        social_image = None
        if picture := article.lead_rendered:
            social_image = picture.crop("social")
            social_image["url"] = host + social_image["url"]
        context = {
            "article": article,
            "is_preview": is_preview,
            "site_name": settings.NEWSROOM_SITE_NAME,
            "canonical_url": host + article.get_absolute_url(),
            "social_image": social_image,
            "structured_data": structured_data.news_article(article, lambda path: host + path),
        }
        names = OWN + ("banner",) if is_preview else OWN
        return {name: render_to_string(f"articles/own/{name}.html", context) for name in names}


def _around(article, host):
    with translation.override(article.language):
        context = {
            "article": article,
            "origin": host,
            "canonical_url": host + article.get_absolute_url(),
            "translations": Article.objects.translations_of(article),
            "read_also": read_also.for_readers(article),
            "latest": Article.objects.newest(settings.NEWSROOM_LATEST_COUNT, excluding=article),
        }
        return {name: render_to_string(f"articles/parts/{name}.html", context) for name in AROUND}
