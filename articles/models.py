import contextlib
import datetime

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import URLValidator
from django.db import connections, models, router, transaction
from django.db.models import F, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from reversion.models import Version
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from . import editorial_checks, images, rendering, sanitize, search
from .compiled_query import CompiledQuery


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
    """A row readers see on some page: saving or deleting it changes what they see."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.shown_changed()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        self.shown_changed()
        return result

    def shown_changed(self):
        """Make every cached page stale (see articles/page_cache.py)."""
        SiteVersion.bump()


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
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, allow_unicode=True, blank=True)
    bio = models.TextField(_("short bio"), blank=True, help_text=_("One or two sentences."))

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

    def shown_changed(self):
        self.articles.content_changed()
        super().shown_changed()


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

    def with_bylines(self):
        return self.prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.select_related("author"))
        )

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

    def for_parts(self):
        """
        Only what finds an article page's cached pieces (articles/page_fragments.py),
        which load the rest of the row when they are made.
        """
        return self.only("published_at", "updated_at", "content_version")

    def for_page(self):
        """Everything an article page shows, in a fixed number of queries."""
        return self.select_related("translation_of").prefetch_related(
            *own_page_lookups(), *surrounding_page_lookups()
        )

    def for_document(self):
        """An article page's rows, and its sections and footnotes (the API's documents)."""
        return self.for_page().prefetch_related("sections", "footnotes")

    def content_changed(self):
        """Mark these articles' own page parts as changed (see articles/page_fragments.py)."""
        return self.update(content_version=F("content_version") + 1)

    def latest(self, count, excluding=None):
        """The newest published articles, for the "Latest" block."""
        articles = self.published().order_by("-published_at", "-pk")
        if excluding is not None:
            articles = articles.exclude(pk=excluding.pk)
        return articles.only("headline", "slug", "language", "published_at")[:count]


class ArticleManager(models.Manager.from_queryset(ArticleQuerySet)):
    # The article page's lookup, the costliest step of a page made from cached pieces.
    _published_for_parts = CompiledQuery(
        lambda slug, at: Article.objects.published(at=at).for_parts().filter(slug=slug).order_by(),
        slug=str,
        at=datetime.datetime,
    )

    def get_published_for_parts(self, slug):
        """
        ``published().for_parts().get(slug=slug)``, with its SQL compiled once per process;
        raises Article.DoesNotExist when readers may not see such an article.
        """
        article = self._published_for_parts.first(self.db, slug=slug, at=timezone.now())
        if article is None:
            raise self.model.DoesNotExist(f"No published article at {slug!r}.")
        return article


def own_page_lookups():
    """What an article page shows of the article's own rows: content_version covers them."""
    return [
        Prefetch("bylines", queryset=Byline.objects.select_related("author")),
        "tags",
        "corrections",
    ]


def surrounding_page_lookups():
    """What an article page shows of other articles, which change without it."""
    return [
        Prefetch(
            "related_links",
            queryset=RelatedLink.objects.visible_to_readers().select_related("target"),
            to_attr="visible_related_links",
        ),
        # All of them, found through their index; `translations` keeps the published ones.
        "translation_of",
        "translated_as",
        Prefetch(
            "reading_lists",
            queryset=ReadingList.objects.prefetch_related(
                Prefetch(
                    "items",
                    queryset=ReadingListItem.objects.visible_to_readers().select_related("article"),
                    to_attr="visible_items",
                )
            ),
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
    subhead = models.TextField(
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

    lead_image = models.ImageField(
        _("lead image"),
        upload_to="lead/%Y/%m/",
        blank=True,
        validators=[images.validate_image],
        help_text=_("JPEG, PNG, WebP or GIF. Location and camera data are removed on upload."),
    )
    lead_image_renditions = models.JSONField(default=dict, blank=True, editable=False)
    lead_image_alt = models.CharField(
        _("alt text"),
        max_length=300,
        blank=True,
        help_text=_("What the picture shows, for readers who cannot see it."),
    )
    lead_image_decorative = models.BooleanField(
        _("decorative"),
        default=False,
        help_text=_(
            "Tick only if the picture adds nothing to the story; it then needs no alt text."
        ),
    )
    lead_image_caption = models.TextField(_("caption"), blank=True)
    lead_image_credit = models.CharField(_("credit"), max_length=200, blank=True)

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

    # Rendered from the sections and footnotes whenever one of them is saved.
    body_html = models.TextField(editable=False, blank=True)
    notes_html = models.TextField(editable=False, blank=True)
    body_text = models.TextField(editable=False, blank=True)
    citations = models.JSONField(default=list, editable=False)
    # PostgreSQL's full-text index (see articles/search.py); unused on SQLite, which has FTS5.
    search_vector = SearchVectorField(null=True, editable=False)
    content_version = models.PositiveIntegerField(default=0, editable=False)

    objects = ArticleManager()

    # What save() compares with the row as stored before it.
    TRACKED_FIELDS = ["status", "slug", "published_at", "lead_image", "lead_image_renditions"]

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

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Article, self.headline, 200, exclude_pk=self.pk)
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        stored = None
        if self.pk:
            self._claim_lock_version()
            stored = Article.objects.filter(pk=self.pk).values(*self.TRACKED_FIELDS).first()
            self.apply_rendering(rendering.render_body(self))
        store_picture(self, "lead_image", "lead_image_renditions", stored)
        self.content_version += 1
        super().save(*args, **kwargs)
        search.index(self)
        if former_url := self._former_public_url(stored):
            FormerAddress.record(self, former_url)

    def get_absolute_url(self):
        day = timezone.localdate(self.published_at or self.created_at or timezone.now())
        return reverse(
            "articles:detail",
            kwargs={"year": day.year, "month": day.month, "day": day.day, "slug": self.slug},
        )

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
        text = editorial_checks.ArticleText(
            headline=self.headline,
            subhead=self.subhead,
            caption=self.lead_image_caption,
            alt=self.lead_image_alt,
            has_image=bool(self.lead_image),
            decorative=self.lead_image_decorative,
            publishing=publishing,
            sections=list(self.sections.values_list("heading", "body")),
            figures=[
                (bool(image), alt, decorative)
                for image, alt, decorative in self.sections.values_list(
                    "image", "image_alt", "image_decorative"
                )
            ],
            footnote_keys=list(self.footnotes.values_list("key", flat=True)),
        )
        return editorial_checks.review(text)

    def touch(self):
        """Mark the article as changed for readers and caches without re-rendering it."""
        self.updated_at = timezone.now()
        Article.objects.filter(pk=self.pk).update(
            updated_at=self.updated_at, content_version=F("content_version") + 1
        )
        SiteVersion.bump()

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
        SiteVersion.bump()

    def apply_rendering(self, rendered):
        for name in RENDERED_FIELDS:
            setattr(self, name, getattr(rendered, name))

    @property
    def translations(self):
        """Published translations of this article (for_page() prefetches them)."""
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

    @property
    def ordered_authors(self):
        return [byline.author for byline in self.bylines.all()]

    @property
    def was_updated(self):
        return bool(self.published_at) and self.updated_at - self.published_at > UPDATE_THRESHOLD

    @property
    def lead_picture(self):
        return picture(self.lead_image, self.lead_image_renditions)

    @property
    def caption_for_page(self):
        """The caption, unless readers have just read the same words as the dek."""
        return "" if _same_text(self.lead_image_caption, self.subhead) else self.lead_image_caption

    @property
    def alt_for_page(self):
        """Alt text, empty when the caption or dek beside the image already says it."""
        if self.lead_image_decorative:
            return ""
        if _same_text(self.lead_image_alt, self.caption_for_page) or _same_text(
            self.lead_image_alt, self.subhead
        ):
            return ""
        return self.lead_image_alt


def picture(field_file, manifest):
    """What templates print for a stored picture, or None."""
    if not field_file or not manifest:
        return None
    return images.Picture(manifest, field_file.storage)


def store_picture(instance, field_name, manifest_name, stored):
    """
    On save of ``instance``: clean a new upload in ``field_name`` and make its
    renditions (described in ``manifest_name``); once the save is committed, delete the
    files of a picture it replaced or removed. ``stored`` is the row as it was, or None.
    """
    field_file = getattr(instance, field_name)
    if field_file and not field_file._committed:
        cleaned = images.cleaned_original(field_file)
        field_file.save(cleaned.name, cleaned, save=False)
        setattr(instance, manifest_name, images.make_renditions(field_file))
    elif not field_file:
        setattr(instance, manifest_name, {})
    if stored and stored[field_name] and stored[field_name] != field_file.name:
        forget_picture(field_file.storage, stored[field_name], stored[manifest_name])


def forget_picture(storage, name, manifest):
    """
    Once the transaction commits, delete a picture's files, unless a revision still
    shows it: restoring that revision must bring the picture back too.
    """

    def delete():
        if not Version.objects.filter(serialized_data__contains=name).exists():
            images.delete_files(storage, name, manifest)

    transaction.on_commit(delete)


RENDERED_FIELDS = ["body_html", "notes_html", "body_text", "citations"]


class EditConflict(Exception):
    """Someone saved the article after this copy of it was loaded."""

    def __init__(self, current):
        self.current = current
        super().__init__(f"Article {current.pk} was saved by someone else in the meantime.")


# Edits within this time of publication are not announced to readers as updates.
UPDATE_THRESHOLD = datetime.timedelta(minutes=5)


def _same_text(a, b):
    return bool(a) and " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


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


class Byline(ShownToReaders):
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

    def shown_changed(self):
        Article.objects.filter(pk=self.article_id).content_changed()
        super().shown_changed()


class ArticlePart(ShownToReaders):
    """A piece of an article's body: saving or deleting one renders the body again."""

    order = models.PositiveIntegerField(_("order"), default=0, db_index=True)

    class Meta:
        abstract = True
        ordering = ["order", "pk"]

    def shown_changed(self):
        self.article.refresh_body()


class Section(ArticlePart):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sections")
    heading = models.CharField(
        _("subhead"),
        max_length=200,
        blank=True,
        help_text=_("Shown above the section. Leave empty for the opening section."),
    )
    body = models.TextField(
        _("body"),
        blank=True,
        help_text=_("Cite a footnote by writing its key in the text, like [^kim2021]."),
    )

    image = models.ImageField(
        _("figure"),
        upload_to="figures/%Y/%m/",
        blank=True,
        validators=[images.validate_image],
        help_text=_("An optional picture shown after the section's text."),
    )
    image_renditions = models.JSONField(default=dict, blank=True, editable=False)
    image_alt = models.CharField(_("figure alt text"), max_length=300, blank=True)
    image_decorative = models.BooleanField(_("figure is decorative"), default=False)
    image_caption = models.TextField(_("figure caption"), blank=True)
    image_credit = models.CharField(_("figure credit"), max_length=200, blank=True)

    class Meta(ArticlePart.Meta):
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return self.heading or str(_("Section without a subhead"))

    def save(self, *args, **kwargs):
        self.body = sanitize.clean_html(self.body)
        stored = None
        if self.pk:
            stored = Section.objects.filter(pk=self.pk).values("image", "image_renditions").first()
        store_picture(self, "image", "image_renditions", stored)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        if self.image:
            forget_picture(self.image.storage, self.image.name, self.image_renditions)
        return result

    @property
    def figure(self):
        return picture(self.image, self.image_renditions)

    @property
    def figure_alt_for_page(self):
        if self.image_decorative or _same_text(self.image_alt, self.image_caption):
            return ""
        return self.image_alt


class Footnote(ArticlePart):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="footnotes")
    key = models.SlugField(
        _("key"),
        max_length=50,
        allow_unicode=True,
        help_text=_("Cite this note in a section by writing [^key]. Numbers are given for you."),
    )
    authors = models.CharField(_("authors"), max_length=300, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
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


class Correction(ShownToReaders):
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

    def shown_changed(self):
        self.article.touch()


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


class ReadingListItemQuerySet(models.QuerySet):
    def visible_to_readers(self):
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
    def visible_to_readers(self):
        """External links, and internal links to articles readers may see."""
        return self.filter(Q(target__isnull=True, url__gt="") | published_q(through="target__"))


class RelatedLink(ShownToReaders):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="related_links")
    order = models.PositiveIntegerField(_("order"), default=0, db_index=True)
    target = models.ForeignKey(
        Article,
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


class SiteVersion(models.Model):
    """
    One row counting every change readers could see (see articles/page_cache.py), with
    the next moment a scheduled article becomes visible.
    """

    version = models.PositiveBigIntegerField(default=1)
    changed_at = models.DateTimeField(default=timezone.now)
    next_publication = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("site version")

    def __str__(self):
        return str(self.version)

    @classmethod
    def current(cls):
        state = cls._read()
        if state is None or (state.next_publication and state.next_publication <= timezone.now()):
            cls.bump()
            state = cls.objects.get(pk=1)
        return state

    @classmethod
    def _read(cls):
        # Read on every reader request: a plain cursor skips the ORM's query building.
        connection = connections[router.db_for_read(cls)]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, version, changed_at, next_publication FROM "
                f"{connection.ops.quote_name(cls._meta.db_table)} WHERE id = 1"
            )
            row = cursor.fetchone()
        if row is None:
            return None
        pk, version, changed_at, next_publication = row
        values = (pk, version, _stored_time(changed_at), _stored_time(next_publication))
        return cls.from_db(connection.alias, None, values)

    @classmethod
    def bump(cls):
        """Something readers see has changed: every cached page is out of date."""
        now = timezone.now()
        upcoming = Article.objects.filter(
            status=Article.Status.PUBLISHED, published_at__gt=now
        ).aggregate(first=models.Min("published_at"))["first"]
        updated = cls.objects.filter(pk=1).update(
            version=F("version") + 1, changed_at=now, next_publication=upcoming
        )
        if not updated:
            cls.objects.get_or_create(pk=1, defaults={"next_publication": upcoming})

    def seconds_until_next_publication(self):
        if self.next_publication is None:
            return settings.NEWSROOM_PAGE_CACHE_SECONDS
        return max(1, int((self.next_publication - timezone.now()).total_seconds()))

    @property
    def key(self):
        """
        Names this version in cache keys. The time as well as the count: a database
        restored from a backup counts again from an earlier number, never at the same
        microsecond.
        """
        return f"{self.version}:{self.changed_at.timestamp()}"

    def cache_seconds(self):
        """How long what is made under this version may be kept: not past the next publication."""
        return min(settings.NEWSROOM_PAGE_CACHE_SECONDS, self.seconds_until_next_publication())


def _stored_time(value):
    """A time read by a plain cursor: SQLite gives it without its zone, which is UTC."""
    if value is not None and timezone.is_naive(value):
        return timezone.make_aware(value, datetime.UTC)
    return value


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
