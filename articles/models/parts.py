"""What an article is made of besides its own fields: sections, footnotes and corrections."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import sanitize
from ..pictures import Picture
from .fields import WebURLField
from .site_state import ShownWithArticle


class ArticlePart(ShownWithArticle):
    """A piece of an article's body: saving or deleting one renders the body again."""

    order = models.PositiveIntegerField(_("order"), default=0, db_index=True)

    class Meta:
        abstract = True
        ordering = ["order", "pk"]

    def shown_changed(self, shown):
        self.article.refresh_body()


class Section(ArticlePart):
    article = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="sections")
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
    article = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="footnotes")
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

    article = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="corrections")
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
