"""Read-also links (to our articles or pages elsewhere) and the reading lists curators attach."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .. import sanitize
from .fields import WebURLField
from .querysets import published_q
from .site_state import ShownToReaders, ShownWithArticle


class ReadingList(ShownToReaders):
    """A curated, ordered list of articles that many articles can show under "Read also"."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, allow_unicode=True)
    description = models.TextField(_("description"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("reading list")
        verbose_name_plural = _("reading lists")

    def __str__(self):
        return self.name

    def is_shown_to_readers(self):
        return self.attached_to.published().exists()

    def was_shown_to_readers(self):
        return self.is_shown_to_readers()


class ReadingListItemQuerySet(models.QuerySet):
    def published(self):
        """What readers may see: items of published articles."""
        return self.filter(published_q(through="article__"))


class ReadingListItem(ShownToReaders):
    reading_list = models.ForeignKey(ReadingList, on_delete=models.CASCADE, related_name="items")
    article = models.ForeignKey(
        "Article",
        on_delete=models.CASCADE,
        related_name="reading_list_items",
        verbose_name=_("article"),
    )
    order = models.PositiveIntegerField(_("order"), default=0, db_index=True)

    objects = ReadingListItemQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["reading_list", "article"], name="article_once_per_list"
            )
        ]
        verbose_name = _("article in the list")
        verbose_name_plural = _("articles in the list")

    def __str__(self):
        return str(self.article)

    def is_shown_to_readers(self):
        return self.article.is_visible_to_readers and self.reading_list.is_shown_to_readers()


class RelatedLinkQuerySet(models.QuerySet):
    def published(self):
        """What readers may see: external links, and links to published articles."""
        return self.filter(Q(target__isnull=True, url__gt="") | published_q(through="target__"))


class RelatedLink(ShownWithArticle):
    article = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="related_links")
    order = models.PositiveIntegerField(_("order"), default=0, db_index=True)
    target = models.ForeignKey(
        "Article",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="linked_from",
        verbose_name=_("article"),
        help_text=_("Another article of ours. Its headline is used as the link text."),
    )
    title = models.CharField(
        _("title"), max_length=300, blank=True, help_text=_("Link text for an external link.")
    )
    url = WebURLField(
        _("URL"),
        max_length=500,
        blank=True,
        help_text=_("For a page elsewhere on the web."),
    )

    objects = RelatedLinkQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("read-also link")
        verbose_name_plural = _("read-also links")

    def __str__(self):
        return self.link_text

    def save(self, *args, **kwargs):
        self.url = sanitize.safe_url(self.url)
        if self.target_id and not self.title:
            # Kept so the link still says what it was if the target is deleted.
            self.title = self.target.headline
        super().save(*args, **kwargs)

    @property
    def link_text(self):
        return self.target.headline if self.target_id else self.title

    @property
    def href(self):
        return self.target.get_absolute_url() if self.target_id else self.url

    @property
    def is_external(self):
        return not self.target_id
