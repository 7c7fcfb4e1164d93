"""
Tags as readers know them, and merging: one tag absorbs others, and the merged tags'
pages redirect to it.
"""

from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from taggit.models import Tag

from .models import Article, SiteVersion, TaggedArticle, TagRedirect, published_q

# How a tag names its taggings of articles in queries (taggit's related name).
TAGGINGS = TaggedArticle._meta.get_field("tag").related_query_name()


def published_tags():
    """Tags of published articles, with how many each (``published_count``)."""
    return Tag.objects.annotate(
        published_count=Count(TAGGINGS, filter=published_q(through=f"{TAGGINGS}__content_object__"))
    ).filter(published_count__gt=0)


def tags_in_use():
    """
    Tags of published articles, without counting them: each tag's newest published
    article is found newest first through the visibility index, where an EXISTS would
    read and hash all of a tag's taggings.
    """
    newest = (
        TaggedArticle.objects.filter(published_q("content_object__"), tag=OuterRef("pk"))
        .order_by("-content_object__published_at")
        .values("pk")[:1]
    )
    return Tag.objects.alias(newest=Subquery(newest)).filter(newest__isnull=False)


@transaction.atomic
def merge_tags(tags, into):
    """Retag every article of ``tags`` with ``into`` and delete them. Returns articles changed."""
    sources = [tag for tag in tags if tag.pk != into.pk]
    shown = _shown_to_readers(sources)
    changed = set(
        TaggedArticle.objects.filter(tag__in=sources).values_list("content_object_id", flat=True)
    )
    # Each article keeps one tagging: drop those it would have twice after the merge.
    kept, duplicates = (
        set(TaggedArticle.objects.filter(tag=into).values_list("content_object_id", flat=True)),
        [],
    )
    rows = TaggedArticle.objects.filter(tag__in=sources).order_by("pk")
    for pk, article_id in rows.values_list("pk", "content_object_id"):
        if article_id in kept:
            duplicates.append(pk)
        kept.add(article_id)
    TaggedArticle.objects.filter(pk__in=duplicates).delete()
    TaggedArticle.objects.filter(tag__in=sources).update(tag=into)
    TagRedirect.objects.filter(tag__in=sources).update(tag=into)
    for tag in sources:
        TagRedirect.objects.update_or_create(old_slug=tag.slug, defaults={"tag": into})
        tag.delete()
    TagRedirect.objects.filter(old_slug=into.slug).delete()
    Article.objects.filter(pk__in=changed).content_changed()
    if shown:
        SiteVersion.changed()
    return len(changed)


def tags_shown_changed(tags):
    """
    ``tags`` were renamed, or are about to be deleted: the pages of their articles show
    them. Call before a deletion, while the taggings still say which articles.
    """
    Article.objects.filter(tags__in=list(tags)).content_changed()
    if _shown_to_readers(tags):
        SiteVersion.changed()


def _shown_to_readers(tags):
    return Article.objects.published().filter(tags__in=list(tags)).exists()
