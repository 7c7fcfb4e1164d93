"""Read-also links (to our articles or pages elsewhere) and the reading lists curators attach."""

from django.core.exceptions import ValidationError
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
    """
    One of the article's own read-also links: to an article of ours (readers see its
    headline, or the title when one is written) or to a page elsewhere (readers see the title).
    """

    article = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="related_links")
    order = models.PositiveIntegerField(_("order"), default=0, db_index=True)
    target = models.ForeignKey(
        "Article",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="linked_from",
        verbose_name=_("article"),
        help_text=_("Another article of ours. Readers see its headline unless you write a title."),
    )
    title = models.CharField(
        _("title"),
        max_length=300,
        blank=True,
        help_text=_(
            "The words readers see as the link. For an article of ours leave it empty to show "
            "its headline (it follows when the headline changes); for a page elsewhere it is "
            "required."
        ),
    )
    url = WebURLField(
        _("URL"),
        max_length=500,
        blank=True,
        help_text=_("For a page elsewhere on the web, instead of an article of ours."),
    )

    objects = RelatedLinkQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("read-also link")
        verbose_name_plural = _("read-also links")

    def __str__(self):
        return self.link_text or str(_("read-also link"))

    def save(self, *args, **kwargs):
        self.url = sanitize.safe_url(self.url)
        self.title = self.title.strip()
        if self.target_id and self.title == self.target.headline:
            self.title = ""  # not an override: the link follows the headline
        super().save(*args, **kwargs)

    def clean(self):
        if self.target_id and self.url:
            raise ValidationError(
                {
                    "url": _(
                        "A link goes to an article of ours or to a URL, not both: clear one of "
                        "them."
                    )
                }
            )
        if not self._state.adding:
            return  # a link whose article was deleted is reported, not a reason to refuse a save
        if not self.target_id and not self.url and self.title:
            raise ValidationError(
                {"url": _("Choose an article of ours or give the URL of the page elsewhere.")}
            )
        if self.url and not self.title.strip():
            raise ValidationError({"title": _("Write the words readers see for this link.")})

    @property
    def link_text(self):
        if self.target_id:
            return self.title or self.target.headline
        return self.title

    @property
    def href(self):
        return self.target.get_absolute_url() if self.target_id else self.url

    @property
    def is_external(self):
        return not self.target_id

    @property
    def leads_to_readers(self):
        """Whether readers may follow it (as ``published()`` says): elsewhere, or published."""
        return self.target.is_visible_to_readers if self.target_id else bool(self.url)
