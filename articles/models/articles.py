"""An article: its own fields, how a save renders and versions it, its addresses."""

import contextlib

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from .. import addresses, editorial_checks, rendering, sanitize, search
from ..pictures import Picture
from .fields import unique_slug
from .on_page import ArticleOnPage
from .querysets import ArticleQuerySet, Status
from .site_state import ShownToReaders, SiteVersion
from .sitemap_files import SitemapFile
from .tags import TaggedArticle


class Article(ArticleOnPage, ShownToReaders):
    class Kind(models.TextChoices):
        NEWS = "news", _("News")
        ANALYSIS = "analysis", _("Analysis")
        OPINION = "opinion", _("Opinion")
        COLUMN = "column", _("Column")
        FEATURE = "feature", _("Feature")
        EXPLAINER = "explainer", _("Explainer")
        INTERVIEW = "interview", _("Interview")

    Status = Status

    headline = models.CharField(_("headline"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        allow_unicode=True,
        blank=True,
        help_text=_("The last part of the article's address. Filled in from the headline."),
    )
    dek = models.TextField(
        _("dek"),
        blank=True,
        help_text=_("The standfirst under the headline: one or two sentences, plain text."),
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=Kind.choices,
        default=Kind.NEWS,
        help_text=_("Shown to readers as a label, so they can tell reporting from opinion."),
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    authors = models.ManyToManyField("Author", through="Byline", related_name="articles")
    tags = TaggableManager(through=TaggedArticle, blank=True, ordering=["name"])
    reading_lists = models.ManyToManyField(
        "ReadingList",
        blank=True,
        related_name="attached_to",
        verbose_name=_("reading lists"),
        help_text=_("Their articles follow this article's own read-also links."),
    )
    translation_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="translated_as",
        verbose_name=_("translation of"),
        help_text=_("The article this one translates; readers of each are offered the other."),
    )
    read_also_suggestions = models.BooleanField(
        _("fill read-also with suggestions"),
        default=False,
        help_text=_(
            "When the curated links are fewer than the maximum, readers also see suggested "
            "articles sharing tags or authors."
        ),
    )

    lead_picture = models.ForeignKey(
        Picture,
        # A picture in use cannot be deleted (see prune_pictures for those no longer used).
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lead_of",
        verbose_name=_("lead picture"),
        help_text=_("Choose a picture from the library, or add one with +."),
    )

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        help_text=_("Readers see the article from this moment. Empty means now, on publishing."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
        verbose_name=_("created by"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
        verbose_name=_("last saved by"),
    )
    source_ref = models.CharField(
        _("imported from"),
        max_length=500,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text=_("The page an importer made this article from; importing it again updates it."),
    )
    # Optimistic locking: a save names the version it started from (see save()).
    lock_version = models.PositiveIntegerField(default=0)
    # Shared preview links made before this moment no longer work (see workflow).
    share_links_since = models.DateTimeField(default=timezone.now, editable=False)

    # Rendered from the sections and footnotes whenever one of them is saved.
    body_html = models.TextField(editable=False, blank=True)
    notes_html = models.TextField(editable=False, blank=True)
    corrections_shown = models.JSONField(default=list, editable=False)
    body_text = models.TextField(editable=False, blank=True)
    citations = models.JSONField(default=list, editable=False)
    # PostgreSQL's full-text index (see articles/search.py); unused on SQLite, which has FTS5.
    search_vector = SearchVectorField(null=True, editable=False)
    # Among the newest articles, which a search reads first (articles/search.py, keep_window).
    in_search_window = models.BooleanField(default=False, editable=False)
    content_version = models.PositiveIntegerField(default=0, editable=False)

    objects = ArticleQuerySet.as_manager()

    # What save() compares with the row as stored before it.
    TRACKED_FIELDS = [
        "status",
        "slug",
        "published_at",
        "share_links_since",
        "in_search_window",
    ]

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "published_at"], name="article_visible_idx"),
            # A kind's or a language's articles newest first, however few of them there are.
            models.Index(fields=["kind", "status", "published_at"], name="article_kind_idx"),
            models.Index(
                fields=["language", "status", "published_at"], name="article_language_idx"
            ),
            # The API's updated_since.
            models.Index(fields=["updated_at"], name="article_updated_idx"),
            # A sitemap file's newest change, read from the index alone (articles/sitemaps.py).
            models.Index(
                fields=["id", "status", "published_at", "updated_at"], name="article_sitemap_idx"
            ),
            # The search window's few thousand articles, found without reading the archive. Not
            # by date: PostgreSQL would then walk the window newest first, matching each text.
            models.Index(
                fields=["id"],
                condition=models.Q(in_search_window=True),
                name="article_search_window_idx",
            ),
        ]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [
            ("edit_any_article", _("Can edit every article, not only own drafts")),
            ("publish_article", _("Can publish, schedule and unpublish articles")),
            ("curate_article", _("Can edit read-also links and tags of any article")),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, render=True, **kwargs):
        """``render=False`` leaves the body to a ``rendering_once()`` that follows."""
        self.headline = sanitize.paired_bidi_only(self.headline)
        self.dek = sanitize.paired_bidi_only(self.dek)
        self.slug = sanitize.without_bidi_controls(self.slug)
        if not self.slug:
            self.slug = unique_slug(Article, self.headline, 200, exclude_pk=self.pk)
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        stored = None
        if self.pk:
            self._claim_lock_version()
            stored = Article.objects.filter(pk=self.pk).values(*self.TRACKED_FIELDS).first()
            self._keep_share_links_revoked(stored)
            # Kept by search.keep_window(), never by an editor's copy, however old.
            self.in_search_window = stored["in_search_window"] if stored else False
            if render:
                self.apply_rendering(rendering.render_body(self))
        self.content_version += 1
        # Not ShownToReaders.save(): the row as stored is already at hand.
        models.Model.save(self, *args, **kwargs)
        search.index(self)
        if former_url := self._former_public_url(stored):
            FormerAddress.record(self, former_url)
        before = Article(**stored) if stored else Article()
        self._published_changed(was_published=before.status == self.Status.PUBLISHED, window=True)
        if before.is_shown_to_readers() or self.is_shown_to_readers():
            SiteVersion.changed()
        elif before.is_scheduled or self.is_scheduled:
            SiteVersion.schedule_changed()

    def get_absolute_url(self):
        return self.address(
            timezone.localdate(self.published_at or self.created_at or timezone.now()), self.slug
        )

    @staticmethod
    def address(day, slug):
        """The path of the article ``slug`` published on ``day``: /2026/12/03/slug/."""
        return addresses.path(
            "articles:detail", year=day.year, month=day.month, day=day.day, slug=slug
        )

    def delete(self, *args, **kwargs):
        pk, scheduled = self.pk, self.is_scheduled
        result = super().delete(*args, **kwargs)
        self._published_changed(pk, window=True)
        if scheduled:
            SiteVersion.schedule_changed()
        return result

    def backdate(self, moment):
        """Record the article as last saved at ``moment`` (an archive's date), not now."""
        Article.objects.filter(pk=self.pk).update(updated_at=moment)
        self.updated_at = moment
        self._published_changed()

    def _published_changed(self, pk=None, was_published=False, window=False):
        """
        A change to an article that is or was published: its sitemap file is worked out
        again, and with ``window`` (a save or a deletion, which can publish, unpublish or
        move it in time) the search window too.
        """
        if not (was_published or self.status == self.Status.PUBLISHED):
            return
        SitemapFile.objects.articles_changed([pk or self.pk])
        if window:
            search.keep_window(Article)

    def _claim_lock_version(self):
        """
        Move the stored lock version from the one this instance was loaded with to the
        next, or raise EditConflict when someone saved in between. The conditional UPDATE
        is atomic, so of two concurrent saves exactly one wins.
        """
        stored = Article.objects.filter(pk=self.pk)
        if stored.filter(lock_version=self.lock_version).update(lock_version=F("lock_version") + 1):
            self.lock_version += 1
        elif stored.exists():
            raise EditConflict(stored.select_related("updated_by").get())

    def _keep_share_links_revoked(self, stored):
        """
        Links revoked stay revoked, whatever this copy (or a restored revision) holds; taking
        a published article down, or bringing a deleted one back, revokes them too.
        """
        if stored is None or (
            stored["status"] == self.Status.PUBLISHED and self.status != self.Status.PUBLISHED
        ):
            self.share_links_since = timezone.now()
        else:
            self.share_links_since = max(self.share_links_since, stored["share_links_since"])

    def _former_public_url(self, stored):
        """The public URL before this save, when this save moves a published article."""
        if not stored or stored["status"] != self.Status.PUBLISHED:
            return None
        url = Article(slug=stored["slug"], published_at=stored["published_at"]).get_absolute_url()
        return url if url != self.get_absolute_url() else None

    def get_kind_url(self):
        return addresses.path(f"articles:kind_{self.kind}")

    def get_preview_url(self):
        return reverse("articles:preview", kwargs={"pk": self.pk})

    def editorial_findings(self, publishing=None):
        """What editorial_checks.review finds in the article as stored."""
        if publishing is None:
            publishing = self.status == self.Status.PUBLISHED
        sections = list(self.sections.select_related("figure"))
        text = editorial_checks.ArticleText(
            headline=self.headline,
            dek=self.dek,
            lead_picture=self.lead_picture,
            publishing=publishing,
            sections=[(section.heading, section.body) for section in sections],
            figures=[section.figure for section in sections],
            footnote_keys=list(self.footnotes.values_list("key", flat=True)),
        )
        return editorial_checks.review(text)

    @contextlib.contextmanager
    def rendering_once(self):
        """Save or delete many sections and footnotes; render the body once, at the end."""
        self._render_deferred = True
        try:
            yield self
        finally:
            self._render_deferred = False
        self.refresh_body()

    def refresh_body(self):
        """Render the body again after a section or footnote changed, and store it."""
        if getattr(self, "_render_deferred", False):
            return
        self.apply_rendering(rendering.render_body(self))
        Article.objects.filter(pk=self.pk).update(
            **{name: getattr(self, name) for name in RENDERED_FIELDS},
            content_version=F("content_version") + 1,
            updated_at=timezone.now(),
        )
        search.index(self)
        self._published_changed()
        self.shown_changed(self.is_shown_to_readers())

    def apply_rendering(self, rendered):
        for name in RENDERED_FIELDS:
            setattr(self, name, getattr(rendered, name))

    @property
    def is_scheduled(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    @property
    def is_visible_to_readers(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    def is_shown_to_readers(self):
        return self.is_visible_to_readers


RENDERED_FIELDS = ["body_html", "notes_html", "corrections_shown", "body_text", "citations"]


class EditConflict(Exception):
    """Someone saved the article after this copy of it was loaded."""

    def __init__(self, current):
        self.current = current
        super().__init__(f"Article {current.pk} was saved by someone else in the meantime.")


class FormerAddress(models.Model):
    """An earlier public URL of an article, answered with a permanent redirect."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="former_addresses")
    path = models.CharField(max_length=300, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("former address")
        verbose_name_plural = _("former addresses")

    def __str__(self):
        return self.path

    @classmethod
    def record(cls, article, path):
        cls.objects.update_or_create(path=path, defaults={"article": article})
        cls.objects.filter(path=article.get_absolute_url()).delete()
