"""
The "Read also" block and the health of what it points to.

Readers see the article's own links first, then the articles of its attached
reading lists, then (when the article asks for it) suggestions: without
duplicates, without the article itself, up to NEWSROOM_READ_ALSO_MAX. Only
what readers may see is ever listed; curators are told about the rest.
"""

from dataclasses import dataclass, replace

from django.conf import settings
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Prefetch, Q
from django.utils.translation import gettext as _

from .models import LINKED_FIELDS, Article, Byline, ReadingListItem, RelatedLink

LINK, LIST, SUGGESTION = "link", "list", "suggestion"


@dataclass(frozen=True)
class Item:
    title: str
    url: str
    source: str
    external: bool = False
    article_id: int | None = None
    via: str = ""  # the reading list an item comes from
    also_in: tuple = ()  # the other reading lists that list the same article


def curated(article, limit):
    """
    Own links, then reading-list articles. An article listed again is shown once, where it
    first comes; ``also_in`` names the lists that repeat it, for curators.
    """
    items, shown_at, seen_urls = [], {}, set()  # shown_at: article id -> index in items

    def add(item):
        if item.article_id == article.pk:
            return
        if item.article_id in shown_at:
            if item.via:
                index = shown_at[item.article_id]
                first = items[index]
                items[index] = replace(first, also_in=(*first.also_in, item.via))
            return
        if len(items) >= limit or item.url in seen_urls:
            return
        if item.article_id:
            shown_at[item.article_id] = len(items)
        seen_urls.add(item.url)
        items.append(item)

    for link in article.visible_related_links:
        add(Item(link.link_text, link.href, LINK, link.is_external, link.target_id))
    for entry in listed(article):
        add(
            Item(
                entry.article.headline,
                entry.article.get_absolute_url(),
                LIST,
                article_id=entry.article_id,
                via=entry.reading_list.name,
            )
        )
    return items


def listed(article):
    """
    What readers may see of the lists attached to ``article``, list by list: one query, none
    when the article was found for its page with no list attached (``for_article_page``).
    """
    if not getattr(article, "has_reading_lists", True):
        return []
    items = (
        ReadingListItem.objects.filter(reading_list__attached_to=article)
        .select_related("article", "reading_list")
        .only("reading_list__name", *(f"article__{f}" for f in LINKED_FIELDS))
        .order_by("reading_list__name", "reading_list", "order", "pk")
    )
    return [item for item in items if item.article.is_visible_to_readers]


def for_readers(article):
    limit = settings.NEWSROOM_READ_ALSO_MAX
    items = curated(article, limit)
    if article.read_also_suggestions and len(items) < limit:
        shown = [item.article_id for item in items if item.article_id]
        for candidate in suggestions(article, exclude=shown)[: limit - len(items)]:
            items.append(
                Item(
                    candidate.headline,
                    candidate.get_absolute_url(),
                    SUGGESTION,
                    article_id=candidate.pk,
                )
            )
    return items


def suggestions(article, exclude=()):
    """
    Published articles sharing the most tags with this one, then the most authors,
    newer first; never the article itself or what ``exclude`` names. One query.
    """
    tags = article.tags.values("pk")
    authors = Byline.objects.filter(article=article).values("author_id")
    return (
        Article.objects.published()
        .exclude(pk=article.pk)
        .exclude(pk__in=exclude)
        .annotate(
            shared_tags=Count("tags", filter=Q(tags__in=tags), distinct=True),
            shared_authors=Count("bylines", filter=Q(bylines__author__in=authors), distinct=True),
        )
        .filter(Q(shared_tags__gt=0) | Q(shared_authors__gt=0))
        .order_by("-shared_tags", "-shared_authors", "-published_at", "-pk")
    )


def suggestions_to_curate(article, count=8):
    """
    The best suggestions not yet listed under the article (by its own links or its reading
    lists), as a queryset that can still be filtered (a form validates its choices against it).
    """
    linked = RelatedLink.objects.filter(article=article, target__isnull=False).values("target")
    in_lists = ReadingListItem.objects.filter(reading_list__attached_to=article).values("article")
    candidates = suggestions(article, exclude=linked).exclude(pk__in=in_lists)
    return candidates.filter(pk__in=candidates.values("pk")[:count])


# Health: what curators must fix because readers cannot see it.


def has_hidden_targets():
    """
    True for an article with a link or attached list item pointing where readers cannot
    go; for annotate() and filter().
    """
    hidden_links = RelatedLink.objects.filter(article=OuterRef("pk")).exclude(
        pk__in=RelatedLink.objects.published().values("pk")
    )
    hidden_items = ReadingListItem.objects.filter(reading_list__attached_to=OuterRef("pk")).exclude(
        pk__in=ReadingListItem.objects.published().values("pk")
    )
    return ExpressionWrapper(
        Q(Exists(hidden_links)) | Q(Exists(hidden_items)), output_field=BooleanField()
    )


def reason_hidden(target):
    if target is None:
        return _("the article was deleted or never found")
    if target.is_scheduled:
        return _("it is scheduled for later")
    return _("it is not published (%(status)s)") % {"status": target.get_status_display()}


def hidden_targets(article):
    """(where, title, reason) for each link or list item readers will not see."""
    problems = []
    links = article.related_links.select_related("target")
    for position, link in enumerate(links, start=1):
        if not link.leads_to_readers:
            where = _("Read-also link %(number)d") % {"number": position}
            problems.append((where, link.link_text or "—", reason_hidden(link.target)))
    lists = article.reading_lists.prefetch_related(
        Prefetch("items", queryset=ReadingListItem.objects.select_related("article"))
    )
    for reading_list in lists:
        for entry in reading_list.items.all():
            if not entry.article.is_visible_to_readers:
                problems.append(
                    (
                        _("Reading list “%(name)s”") % {"name": reading_list.name},
                        entry.article.headline,
                        reason_hidden(entry.article),
                    )
                )
    return problems
