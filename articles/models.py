import contextlib
import dataclasses
import datetime

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.db.models import F, Max, Min, OuterRef, Prefetch, Q
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from . import editorial_checks, rendering, sanitize, search
from .pictures import Picture, same_text


class WebURLField(models.URLField):
    """An absolute http(s) address; a form adds https:// when the scheme is left out."""

    default_validators = [URLValidator(schemes=["http", "https"])]

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})


def unique_slug(model, text, max_length, exclude_pk=None):
    """A Unicode-aware slug for ``text``, suffixed -2, -3… until no other row has it."""
    base = slugify(text, allow_unicode=True)[:max_length].strip("-") or "article"
    others = model._default_manager.exclude(pk=exclude_pk)
    slug, n = base, 2
    while others.filter(slug=slug).exists():
        suffix = f"-{n}"
        slug = base[: max_length - len(suffix)].rstrip("-") + suffix
        n += 1
    return slug


class ShownToReaders(models.Model):
    """
    A row readers may see on some page. Saving or deleting it changes what they see only
    while they can see it (before or after the change): then every cached page is stale.
    A draft's rows, a scheduled article's before its time, an unpublished one's, change
    nothing cached for readers.
    """

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        shown_before = self.pk is not None and self.was_shown_to_readers()
        super().save(*args, **kwargs)
        self.shown_changed(shown_before or self.is_shown_to_readers())

    def delete(self, *args, **kwargs):
        shown = self.is_shown_to_readers()
        result = super().delete(*args, **kwargs)
        self.shown_changed(shown)
        return result

    def is_shown_to_readers(self):
        """Rows that cannot tell count as shown: a change of theirs makes pages stale."""
        return True

    def was_shown_to_readers(self):
        """Whether readers could see the row as stored, before this save."""
        stored = type(self)._default_manager.filter(pk=self.pk).first()
        return stored is not None and stored.is_shown_to_readers()

    def shown_changed(self, shown):
        """The row changed; ``shown`` when readers could see it before or can see it now."""
        if shown:
            SiteVersion.changed()


class ShownWithArticle(ShownToReaders):
    """A row of one article's: readers see it while they see the article."""

    class Meta:
        abstract = True

    def is_shown_to_readers(self):
        return self.article.is_visible_to_readers

    def was_shown_to_readers(self):
        return self.is_shown_to_readers()


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
        return reverse("articles:author", kwargs={"slug": self.slug})

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


class TaggedArticle(TaggedItemBase):
    content_object = models.ForeignKey("Article", on_delete=models.CASCADE)


def published_q(through="", at=None):
    """
    The one definition of what readers may see (now, or ``at`` another moment), as a
    condition on an article, or on the article reached ``through`` a relation ("target__"):
    a join, not a subquery of every published article.
    """
    return Q(
        **{
            f"{through}status": Article.Status.PUBLISHED,
            f"{through}published_at__lte": at or timezone.now(),
        }
    )


class ArticleQuerySet(models.QuerySet):
    def published(self, at=None):
        """What readers may see: published, with a publication time that has come."""
        return self.filter(published_q(at=at))

    def scheduled(self, at=None):
        """Published, with a publication time still to come: readers will see them then."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__gt=at or timezone.now())

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
        """Everything an article page shows but its translations, in a fixed number of queries."""
        return self.prefetch_related(*own_page_lookups(), "tags", *surrounding_page_lookups())

    def translations_of(self, article):
        """
        Published translations of ``article``: the article it translates, and its own.

        Found by the link alone, then kept while readers may see them: with the publication
        rule in the query, SQLite reads it from the publication index, every published article.
        """
        linked = Q(translation_of=article.pk)
        if article.translation_of_id:
            linked |= Q(pk=article.translation_of_id)
        found = self.filter(linked).exclude(pk=article.pk)
        return [other for other in found.only(*LINKED_FIELDS) if other.is_visible_to_readers]

    def for_document(self):
        """An article page's rows, and its sections and footnotes (the API's documents)."""
        return (
            self.for_page()
            .select_related("lead_picture")
            .prefetch_related(
                Prefetch("sections", queryset=Section.objects.select_related("figure")),
                "footnotes",
                "corrections",
            )
        )

    def last_changed(self):
        """The newest of these articles' ``last_changed``, in one aggregate."""
        latest = Greatest("updated_at", Coalesce("published_at", "updated_at"))
        return self.aggregate(last=Max(latest))["last"]

    def content_changed(self):
        """Mark these articles' own page parts as changed (see articles/page_fragments.py)."""
        return self.update(content_version=F("content_version") + 1)

    def newest(self, count, excluding=None):
        """The newest published articles, for the "Latest" block."""
        articles = self.published().order_by("-published_at", "-pk")
        if excluding is not None:
            articles = articles.exclude(pk=excluding.pk)
        return articles.only(*LINKED_FIELDS)[:count]


def bylines_with_authors(through=""):
    """The prefetch of an article's bylines in order, each with its author."""
    return Prefetch(f"{through}bylines", queryset=Byline.objects.select_related("author"))


def own_page_lookups():
    """
    What an article page shows of the article's own rows (content_version covers them),
    but its tags: for one article, ``tag_list`` reads them in a query cheaper than a prefetch.
    """
    return [bylines_with_authors()]


# What a link to another article shows of it: its headline, language and address.
LINKED_FIELDS = ("headline", "slug", "language", "status", "published_at", "created_at")


def surrounding_page_lookups():
    """What an article page shows of other articles, which change without it."""
    return [
        Prefetch(
            "related_links",
            queryset=RelatedLink.objects.published()
            .select_related("target")
            .only("article", "order", "title", "url", *(f"target__{f}" for f in LINKED_FIELDS)),
            to_attr="visible_related_links",
        ),
    ]


class Article(ShownToReaders):
    class Kind(models.TextChoices):
        NEWS = "news", _("News")
        ANALYSIS = "analysis", _("Analysis")
        OPINION = "opinion", _("Opinion")
        COLUMN = "column", _("Column")
        FEATURE = "feature", _("Feature")
        EXPLAINER = "explainer", _("Explainer")
        INTERVIEW = "interview", _("Interview")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review")
        PUBLISHED = "published", _("Published")
        UNPUBLISHED = "unpublished", _("Unpublished")

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
    authors = models.ManyToManyField(Author, through="Byline", related_name="articles")
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
    content_version = models.PositiveIntegerField(default=0, editable=False)

    objects = ArticleQuerySet.as_manager()

    # What save() compares with the row as stored before it.
    TRACKED_FIELDS = [
        "status",
        "slug",
        "published_at",
        "share_links_since",
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
            if render:
                self.apply_rendering(rendering.render_body(self))
        self.content_version += 1
        # Not ShownToReaders.save(): the row as stored is already at hand.
        models.Model.save(self, *args, **kwargs)
        search.index(self)
        if former_url := self._former_public_url(stored):
            FormerAddress.record(self, former_url)
        before = Article(**stored) if stored else Article()
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
        return reverse(
            "articles:detail",
            kwargs={"year": day.year, "month": day.month, "day": day.day, "slug": slug},
        )

    def delete(self, *args, **kwargs):
        scheduled = self.is_scheduled
        result = super().delete(*args, **kwargs)
        if scheduled:
            SiteVersion.schedule_changed()
        return result

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
        return reverse(f"articles:kind_{self.kind}")

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
        self.shown_changed(self.is_shown_to_readers())

    def apply_rendering(self, rendered):
        for name in RENDERED_FIELDS:
            setattr(self, name, getattr(rendered, name))

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

    @cached_property
    def tag_list(self):
        """The article's tags by name: those prefetched, or one query, once per instance."""
        return list(self.tags.all())

    @property
    def ordered_authors(self):
        return [byline.author for byline in self.bylines.all()]

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


RENDERED_FIELDS = ["body_html", "notes_html", "corrections_shown", "body_text", "citations"]


class EditConflict(Exception):
    """Someone saved the article after this copy of it was loaded."""

    def __init__(self, current):
        self.current = current
        super().__init__(f"Article {current.pk} was saved by someone else in the meantime.")


# Edits within this time of publication are not announced to readers as updates.
UPDATE_THRESHOLD = datetime.timedelta(minutes=5)


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


class Byline(ShownWithArticle):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="bylines")
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="one_byline_per_author")
        ]
        verbose_name = _("byline")
        verbose_name_plural = _("bylines")

    def __str__(self):
        return str(self.author)

    def shown_changed(self, shown):
        Article.objects.filter(pk=self.article_id).content_changed()
        super().shown_changed(shown)


class ArticlePart(ShownWithArticle):
    """A piece of an article's body: saving or deleting one renders the body again."""

    order = models.PositiveIntegerField(_("order"), default=0, db_index=True)

    class Meta:
        abstract = True
        ordering = ["order", "pk"]

    def shown_changed(self, shown):
        self.article.refresh_body()


class Section(ArticlePart):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sections")
    heading = models.CharField(
        _("heading"),
        max_length=200,
        blank=True,
        help_text=_("Shown above the section. Leave empty for the opening section."),
    )
    body = models.TextField(
        _("body"),
        blank=True,
        help_text=_("Cite a footnote by writing its key in the text, like [^kim2021]."),
    )

    figure = models.ForeignKey(
        Picture,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="figure_of",
        verbose_name=_("figure"),
        help_text=_("An optional picture shown after the section's text."),
    )

    class Meta(ArticlePart.Meta):
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return self.heading or str(_("Section without a heading"))

    def save(self, *args, **kwargs):
        self.body = sanitize.clean_html(self.body)
        super().save(*args, **kwargs)

    @property
    def figure_alt_for_page(self):
        return self.figure.alt_beside(self.figure.caption)


# The years a footnote may give, the same for the admin, imports and restores.
FOOTNOTE_YEARS = range(1, 10000)


class Footnote(ArticlePart):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="footnotes")
    key = models.SlugField(
        _("key"),
        max_length=50,
        allow_unicode=True,
        help_text=_("Cite this note in a section by writing [^key]. Numbers are given for you."),
    )
    authors = models.CharField(_("authors"), max_length=300, blank=True)
    year = models.PositiveSmallIntegerField(
        _("year"),
        null=True,
        blank=True,
        validators=[
            MinValueValidator(FOOTNOTE_YEARS.start),
            MaxValueValidator(FOOTNOTE_YEARS.stop - 1),
        ],
    )
    title = models.CharField(_("title"), max_length=500)
    container = models.CharField(_("publisher or journal"), max_length=300, blank=True)
    url = WebURLField(_("URL"), max_length=500, blank=True)
    accessed = models.DateField(_("accessed"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta(ArticlePart.Meta):
        constraints = [
            models.UniqueConstraint(fields=["article", "key"], name="unique_footnote_key")
        ]
        verbose_name = _("footnote")
        verbose_name_plural = _("footnotes")

    def __str__(self):
        return f"[^{self.key}] {self.title}"

    def save(self, *args, **kwargs):
        self.url = sanitize.safe_url(self.url)
        super().save(*args, **kwargs)


class Correction(ShownWithArticle):
    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Correction")
        UPDATE = "update", _("Update")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CORRECTION)
    text = models.TextField(
        _("text"), help_text=_("What was wrong and what is right now, in plain words.")
    )
    created_at = models.DateTimeField(_("date"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("correction or update")
        verbose_name_plural = _("corrections and updates")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:60]}"

    def shown_changed(self, shown):
        self.article.refresh_body()


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
        return Article.objects.published().filter(reading_lists=self.pk).exists()

    def was_shown_to_readers(self):
        return self.is_shown_to_readers()


class ReadingListItemQuerySet(models.QuerySet):
    def published(self):
        """What readers may see: items of published articles."""
        return self.filter(published_q(through="article__"))


class ReadingListItem(ShownToReaders):
    reading_list = models.ForeignKey(ReadingList, on_delete=models.CASCADE, related_name="items")
    article = models.ForeignKey(
        Article,
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


class TagRedirect(models.Model):
    """The slug of a tag merged into another: its page redirects to the surviving tag."""

    old_slug = models.SlugField(max_length=100, unique=True, allow_unicode=True)
    tag = models.ForeignKey("taggit.Tag", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("tag redirect")
        verbose_name_plural = _("tag redirects")

    def __str__(self):
        return f"{self.old_slug} → {self.tag.slug}"


class RelatedLinkQuerySet(models.QuerySet):
    def published(self):
        """What readers may see: external links, and links to published articles."""
        return self.filter(Q(target__isnull=True, url__gt="") | published_q(through="target__"))


class RelatedLink(ShownWithArticle):
    """
    One of the article's own read-also links: to an article of ours (readers see its
    headline, or the title when one is written) or to a page elsewhere (readers see the title).
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="related_links")
    order = models.PositiveIntegerField(_("order"), default=0, db_index=True)
    target = models.ForeignKey(
        Article,
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


class SiteVersion(models.Model):
    """
    What readers see site-wide: one row whose version every change readers can see moves
    on (editors' saves, through ShownToReaders), with the next moment a scheduled article
    becomes visible. Reader requests only read it (SiteVersion.current()), so they can run
    on a replica or with read-only credentials. See docs/architecture.md, "Caching".
    """

    version = models.PositiveBigIntegerField(default=1)
    changed_at = models.DateTimeField(default=timezone.now)
    next_publication = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("site version")

    def __str__(self):
        return str(self.version)

    @classmethod
    def changed(cls):
        """Something readers see has changed: every cached page is out of date."""
        cls._write(version=F("version") + 1, changed_at=timezone.now())

    @classmethod
    def schedule_changed(cls):
        """An article was scheduled, moved or taken off the schedule; readers see nothing yet."""
        cls._write()

    @classmethod
    def _write(cls, **changes):
        upcoming = Article.objects.scheduled().aggregate(first=Min("published_at"))["first"]
        if not cls.objects.filter(pk=1).update(next_publication=upcoming, **changes):
            cls.objects.get_or_create(pk=1, defaults={"next_publication": upcoming})

    @classmethod
    def current(cls):
        """
        The SiteState readers get now. Reads only: one query, and two more once per process
        when a scheduled article's time has come.
        """
        # The table holds one row: no filter or order to build on every reader request.
        stored = cls.objects.values_list("version", "changed_at", "next_publication")
        version, changed_at, upcoming = next(iter(stored), (0, _EPOCH, None))
        now = timezone.now()
        if upcoming is not None and upcoming <= now:
            changed_at, upcoming = _since_schedule(version, changed_at, upcoming, now)
        return SiteState(version, changed_at, upcoming)


_EPOCH = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


@dataclasses.dataclass(frozen=True)
class SiteState:
    """
    What readers see site-wide at one moment: the version, the last change readers saw
    (an editor's, or a scheduled article's time coming) and the next scheduled publication.
    """

    version: int
    changed_at: datetime.datetime
    next_publication: datetime.datetime | None

    @property
    def key(self):
        """
        Names this state in cache keys and ETags. The time as well as the version: a
        database restored from a backup counts again from an earlier number, and a
        scheduled article's time coming changes the time alone.
        """
        return f"{self.version}.{self.changed_at.timestamp()}"

    def seconds_until_next_publication(self):
        if self.next_publication is None:
            return settings.NEWSROOM_PAGE_CACHE_SECONDS
        return max(1, int((self.next_publication - timezone.now()).total_seconds()))

    def cache_seconds(self):
        """How long what is made in this state may be kept: not past the next publication."""
        return min(settings.NEWSROOM_PAGE_CACHE_SECONDS, self.seconds_until_next_publication())


# The stored state whose time came, and what readers see since, per process: it holds
# until the next scheduled time comes or an editor writes the row again.
_schedule_seen = {}


def _since_schedule(version, changed_at, stored_next, now):
    """
    The last scheduled publication readers see by ``now`` (the change they saw last) and
    the next one, when the stored next publication has passed. Readers never write the row,
    so they work this out, once per process and scheduled time.
    """
    stored = (version, changed_at, stored_next)
    seen = _schedule_seen.get(stored)
    if seen is None or (seen[1] is not None and seen[1] <= now):
        came = Article.objects.published(at=now).filter(published_at__gt=changed_at)
        seen = (
            came.aggregate(last=Max("published_at"))["last"] or changed_at,
            Article.objects.scheduled(at=now).aggregate(first=Min("published_at"))["first"],
        )
        _schedule_seen.clear()
        _schedule_seen[stored] = seen
    return seen


class StaffPreference(models.Model):
    """What a member of staff chose for themselves: the admin's language."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="newsroom_preference"
    )
    language = models.CharField(
        _("language of the admin"), max_length=10, choices=settings.LANGUAGES
    )

    class Meta:
        verbose_name = _("staff preference")
        verbose_name_plural = _("staff preferences")

    def __str__(self):
        return f"{self.user}: {self.language}"


# A model of its own module, registered with the app's models.
from .autosave import Autosave  # noqa: E402, F401
