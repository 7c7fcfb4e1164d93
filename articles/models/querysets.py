"""What readers may see (``published_q``, one definition) and what article pages fetch."""

from django.db import models
from django.db.models import Exists, F, Max, OuterRef, Prefetch, Q
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import search


class Status(models.TextChoices):
    """Where an article is in its life; only a published one whose time has come is read."""

    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")
    UNPUBLISHED = "unpublished", _("Unpublished")


def published_q(through="", at=None):
    """
    The one definition of what readers may see (now, or ``at`` another moment), as a
    condition on an article, or on the article reached ``through`` a relation ("target__"):
    a join, not a subquery of every published article.
    """
    return Q(
        **{
            f"{through}status": Status.PUBLISHED,
            f"{through}published_at__lte": at or timezone.now(),
        }
    )


class ArticleQuerySet(models.QuerySet):
    def published(self, at=None):
        """What readers may see: published, with a publication time that has come."""
        return self.filter(published_q(at=at))

    def scheduled(self, at=None):
        """Published, with a publication time still to come: readers will see them then."""
        return self.filter(status=Status.PUBLISHED, published_at__gt=at or timezone.now())

    def with_bylines(self):
        return self.prefetch_related(bylines_with_authors())

    def for_listing(self):
        return self.with_bylines().order_by("-published_at", "-pk")

    def after(self, published_at, pk):
        """What ``for_listing()`` lists after the article published at ``published_at``."""
        return self.filter(published_at__lte=published_at).exclude(
            published_at=published_at, pk__gte=pk
        )

    def before(self, published_at, pk):
        """What ``for_listing()`` lists before the article published at ``published_at``."""
        return self.filter(published_at__gte=published_at).exclude(
            published_at=published_at, pk__lte=pk
        )

    def for_page(self):
        """
        What article pages show of their own rows, for many articles in a fixed number of
        queries. For one article, ``ordered_authors``, ``tag_list`` and ``visible_related_links``
        read their rows directly, cheaper than a prefetch.
        """
        return self.prefetch_related(bylines_with_authors(), "tags")

    def for_article_page(self):
        """
        The article of a page, with its lead picture, and whether reading lists are attached
        to it and other articles translate it: most articles have neither, and then neither
        is looked for (``read_also.listed``, ``translations_of``).
        """
        attached = self.model.reading_lists.through.objects.filter(article=OuterRef("pk"))
        translated = self.model.objects.filter(translation_of=OuterRef("pk"))
        return self.select_related("lead_picture").annotate(
            has_reading_lists=Exists(attached), is_translated=Exists(translated)
        )

    def translations_of(self, article):
        """
        Published translations of ``article``: the article it translates, and its own.

        Found by the link alone, then kept while readers may see them: with the publication
        rule in the query, SQLite reads it from the publication index, every published article.
        """
        if not article.translation_of_id and not getattr(article, "is_translated", True):
            return []  # known when the article was found for its page (for_article_page)
        linked = Q(translation_of=article.pk)
        if article.translation_of_id:
            linked |= Q(pk=article.translation_of_id)
        found = self.filter(linked).exclude(pk=article.pk)
        return [other for other in found.only(*LINKED_FIELDS) if other.is_visible_to_readers]

    def for_document(self):
        """An article page's rows, and its sections and footnotes (the API's documents)."""
        from .parts import Section  # the parts build on this module

        return (
            self.for_page()
            .select_related("lead_picture")
            .prefetch_related(
                Prefetch("sections", queryset=Section.objects.select_related("figure")),
                "footnotes",
                "corrections",
            )
        )

    def delete(self):
        """
        Delete, and work out again the sitemap files that listed any of these articles and
        the search window that held them.
        """
        from .sitemap_files import SitemapFile  # it builds on this module

        listed = list(self.filter(status=Status.PUBLISHED).values_list("pk", flat=True))
        result = super().delete()
        SitemapFile.objects.articles_changed(listed)
        if listed:
            search.keep_window(self.model)
        return result

    def content_changed(self):
        """Mark these articles' own page parts as changed (see articles/page_fragments.py)."""
        return self.update(content_version=F("content_version") + 1)

    def newest(self, count, excluding=None):
        """The newest published articles, for the "Latest" block."""
        # One more, and the excluded article dropped here: a simpler query to build.
        newest = self.published().order_by("-published_at", "-pk").only(*LINKED_FIELDS)
        return [article for article in newest[: count + 1] if article != excluding][:count]


def newest_change():
    """The aggregate of ``Article.last_changed``: the newest publication or later save."""
    return Max(Greatest("updated_at", Coalesce("published_at", "updated_at")))


def bylines_with_authors(through=""):
    """The prefetch of an article's bylines in order, each with its author."""
    from .authors import Byline  # the parts build on this module

    return Prefetch(f"{through}bylines", queryset=Byline.objects.select_related("author"))


# What a link to another article shows of it: its headline, language and address.
LINKED_FIELDS = ("headline", "slug", "language", "status", "published_at", "created_at")
