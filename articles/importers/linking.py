"""
An imported article's read-also links, made internal where they lead to one of our articles:
by the address the article was imported from (its ``source_ref``), by its address on this site
(current or former), or, for a link without an address, by its title.
"""

import re
import unicodedata
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.http.request import validate_host
from django.urls import Resolver404, resolve

from ..models import Article, FormerAddress, RelatedLink


def headline_key(text):
    """A headline with case, punctuation and quote style ignored, to match titles to articles."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def find_article(title):
    words = headline_key(title).split()
    if not words:
        return None
    candidates = Article.objects.filter(headline__icontains=max(words, key=len))
    matches = [a for a in candidates if headline_key(a.headline) == headline_key(title)]
    return matches[0] if len(matches) == 1 else None


def spellings(url):
    """
    The ways a site writes one page's address: http or https, with or without "www." and a
    final slash; the fragment is not part of the page. The query is, since many old sites
    name their articles by it (?id=123).
    """
    parts = urlsplit(url)
    host = parts.netloc.lower()
    bare = host.removeprefix("www.")
    path = parts.path.rstrip("/")
    return {
        urlunsplit((scheme, netloc, trail, parts.query, ""))
        for scheme in ("http", "https")
        for netloc in (bare, "www." + bare)
        for trail in ({path, path + "/"} if path else {"", "/"})
    }


def _on_this_site(url):
    """The article this site shows at ``url`` (or showed, before a slug or date changed)."""
    parts = urlsplit(url)
    # A site answering any host ("*") would otherwise claim every address on the web.
    hosts = [host for host in settings.ALLOWED_HOSTS if host != "*"]
    if not validate_host(parts.hostname or "", hosts):
        return None
    former = FormerAddress.objects.filter(path=parts.path).select_related("article").first()
    if former:
        return former.article
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    if match.view_name != "articles:detail":
        return None
    article = Article.objects.filter(slug=match.kwargs["slug"]).first()
    return article if article and article.get_absolute_url() == parts.path else None


def article_at(url):
    """Our article at the address ``url``, or None."""
    refs = [f"url:{spelling}" for spelling in spellings(url)]
    return Article.objects.filter(source_ref__in=refs).first() or _on_this_site(url)


def target_of(link):
    if link["article"]:
        return Article.objects.filter(slug=link["article"]).first()
    if link["url"]:
        return article_at(link["url"])
    return find_article(link["title"])


def link_related(article, related):
    """
    Replace the article's read-also links, each one internal when it leads to one of our
    articles (other than this one). A batch calls this again once all its articles exist,
    so links between them resolve in either direction. A link found by its address or
    title shows the article's headline, not another page's words for it; a link naming the
    article (our own format) keeps its title, which is an override unless it is the headline.
    """
    article.related_links.all().delete()
    for order, link in enumerate(related):
        target = target_of(link)
        if target is not None and target.pk == article.pk:
            target = None
        RelatedLink(
            article=article,
            order=order,
            target=target,
            title=link["title"] if target is None or link["article"] else "",
            url="" if target else (link["url"] or ""),
        ).save()
