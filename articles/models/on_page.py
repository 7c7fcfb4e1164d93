"""What pages show of an article beyond its fields: its people, tags, links, updates, picture."""

import datetime
import functools

from django.utils.functional import cached_property

from ..pictures import same_text
from .authors import Author
from .links import RelatedLink
from .querysets import LINKED_FIELDS

# Edits within this time of publication are not announced to readers as updates.
UPDATE_THRESHOLD = datetime.timedelta(minutes=5)


class ArticleOnPage:
    """Read by an article's pages, feeds and documents; Article keeps its fields and saves."""

    @property
    def translations(self):
        """
        Published translations of this article, from ``translation_of`` and ``translated_as``
        as prefetched for many articles at once (sitemaps); for one article,
        ``Article.objects.translations_of()`` is a single query.
        """
        others = [self.translation_of] if self.translation_of_id else []
        others += list(self.translated_as.all())
        return [a for a in others if a.pk != self.pk and a.is_visible_to_readers]

    @cached_property
    def tag_list(self):
        """The article's tags by name: those prefetched, or one query, once per instance."""
        return list(self.tags.all())

    @cached_property
    def ordered_authors(self):
        """The authors in byline order: those prefetched (``for_page``), or one query."""
        if "bylines" in getattr(self, "_prefetched_objects_cache", {}):
            return [byline.author for byline in self.bylines.all()]
        # Straight from the authors: cheaper to build than the bylines with theirs.
        return list(_authors_in_byline_order().filter(bylines__article=self.pk))

    @cached_property
    def visible_related_links(self):
        """The read-also links readers may follow, in order, with what they show of targets."""
        links = _links_with_targets().filter(article=self.pk)
        return [link for link in links if link.leads_to_readers]

    @property
    def last_changed(self):
        """When readers last saw the article change: its publication, or a later save."""
        return max(self.updated_at, self.published_at or self.updated_at)

    @property
    def saved_after_publication(self):
        """Saved again after it went out: any change, a typo or a tag (what feeds call updated)."""
        return bool(self.published_at) and self.updated_at - self.published_at > UPDATE_THRESHOLD

    @property
    def was_updated(self):
        """
        Readers are told "Updated" when the article carries a correction or a marked update,
        never for a save they would not notice (a typo, a tag, a read-also link).
        """
        return bool(self.corrections_shown)

    @property
    def updated_shown(self):
        """The moment of the newest correction or update, or None."""
        moments = [datetime.datetime.fromisoformat(n["date"]) for n in self.corrections_shown]
        return max(moments, default=None)

    @property
    def lead_rendered(self):
        """The lead picture as templates print it, or None."""
        return self.lead_picture.rendered if self.lead_picture else None

    @property
    def caption_for_page(self):
        """The lead picture's caption, unless readers have just read the same words as the dek."""
        caption = self.lead_picture.caption
        return "" if same_text(caption, self.dek) else caption

    @property
    def alt_for_page(self):
        """Alt text, empty when the caption or dek beside the picture already says it."""
        return self.lead_picture.alt_beside(self.caption_for_page, self.dek)


# Defined once, each filter running a copy: building them cost more than running them.


@functools.cache
def _links_with_targets():
    """Read-also links with what they show of their targets."""
    return RelatedLink.objects.select_related("target").only(
        "article", "order", "title", "url", *(f"target__{f}" for f in LINKED_FIELDS)
    )


@functools.cache
def _authors_in_byline_order():
    return Author.objects.order_by("bylines__order", "bylines__pk")
