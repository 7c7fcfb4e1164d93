"""Authors and the bylines that put them on articles, in order."""

from django.conf import settings
from django.db import models
from django.db.models import OuterRef
from django.utils.translation import gettext_lazy as _

from .. import addresses
from .fields import unique_slug
from .querysets import published_q
from .site_state import ShownToReaders, ShownWithArticle


class AuthorQuerySet(models.QuerySet):
    def published(self):
        """Authors of published articles, each with how many (``published_count``)."""
        return self.annotate(
            published_count=models.Count(
                "bylines", filter=published_q(through="bylines__article__")
            )
        ).filter(published_count__gt=0)

    def writing(self):
        """Authors of published articles, without counting them (a lookup, a sitemap)."""
        bylines = Byline.objects.filter(published_q("article__"), author=OuterRef("pk"))
        return self.filter(models.Exists(bylines))


class Author(ShownToReaders):
    class Role(models.TextChoices):
        REPORTER = "reporter", _("Reporter")
        CORRESPONDENT = "correspondent", _("Correspondent")
        EDITORIAL_WRITER = "editorial_writer", _("Editorial writer")
        COLUMNIST = "columnist", _("Columnist")
        CONTRIBUTOR = "contributor", _("Contributor")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, allow_unicode=True, blank=True)
    bio = models.TextField(_("short bio"), blank=True, help_text=_("One or two sentences."))
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=Role.choices,
        default=Role.REPORTER,
        help_text=_(
            "Printed after the name in Korean bylines (김민서 기자, 이준호 특파원) and after it "
            "in English ones unless a reporter; a contributor's byline is the name alone."
        ),
    )
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author_profile",
        verbose_name=_("staff account"),
        help_text=_(
            "The author's own login, if any: writers see in the admin the articles they "
            "are a byline on."
        ),
    )

    objects = AuthorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Author, self.name, 200, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return addresses.path("articles:author", slug=self.slug)

    def delete(self, *args, **kwargs):
        # Before the bylines go with the author, while they still say whose articles changed.
        self.articles.content_changed()
        return super().delete(*args, **kwargs)

    def is_shown_to_readers(self):
        return self.bylines.filter(published_q(through="article__")).exists()

    def was_shown_to_readers(self):
        return self.is_shown_to_readers()

    def shown_changed(self, shown):
        self.articles.content_changed()
        super().shown_changed(shown)


class Byline(ShownWithArticle):
    article = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="bylines")
    # Indexed with the article below: whether an author has a published article is then
    # answered from the index alone, stopping at the first (the author sitemap's count).
    author = models.ForeignKey(
        Author, on_delete=models.CASCADE, related_name="bylines", db_index=False
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="one_byline_per_author")
        ]
        indexes = [models.Index(fields=["author", "article"], name="byline_author_article_idx")]
        verbose_name = _("byline")
        verbose_name_plural = _("bylines")

    def __str__(self):
        return str(self.author)

    def shown_changed(self, shown):
        from .articles import Article  # Article builds on this module

        Article.objects.filter(pk=self.article_id).content_changed()
        super().shown_changed(shown)
