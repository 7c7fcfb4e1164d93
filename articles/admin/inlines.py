"""The rows edited on the article's page: bylines, sections, footnotes, links, corrections."""

from adminsortable2.admin import SortableInlineAdminMixin
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..forms import ArticlePartFormSet, FootnoteFormSet, SectionForm, SectionFormSet
from ..models import Byline, Correction, Footnote, RelatedLink, Section
from .permissions import ContentPartPermissions, CuratedPartPermissions


class ArticlePartInline(ContentPartPermissions, SortableInlineAdminMixin):
    """An inline whose rows belong to the article's content, in order (drag or type)."""

    extra = 0
    formset = ArticlePartFormSet


class BylineInline(ArticlePartInline, admin.TabularInline):
    model = Byline
    autocomplete_fields = ["author"]
    verbose_name = _("author")
    verbose_name_plural = _("authors")


class SectionInline(ArticlePartInline, admin.StackedInline):
    model = Section
    form = SectionForm
    formset = SectionFormSet
    autocomplete_fields = ["figure"]


class FootnoteInline(ArticlePartInline, admin.StackedInline):
    model = Footnote
    formset = FootnoteFormSet
    fields = [
        ("key", "order"),
        ("authors", "year"),
        "title",
        "container",
        ("url", "accessed"),
        "note",
    ]


class RelatedLinkInline(CuratedPartPermissions, ArticlePartInline, admin.TabularInline):
    model = RelatedLink
    fk_name = "article"
    autocomplete_fields = ["target"]
    fields = ["target", "title", "url", "order"]
    verbose_name_plural = _("read-also links (this article's own, in order)")


class CorrectionInline(admin.TabularInline):
    model = Correction
    extra = 0
    fields = ["kind", "text", "created_at"]
