"""The rows edited on the article's page: bylines, sections, footnotes, links, corrections."""

from adminsortable2.admin import SortableInlineAdminMixin
from django.contrib import admin
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from ..forms import (
    ArticlePartFormSet,
    FootnoteForm,
    FootnoteFormSet,
    NamedRowsFormSet,
    SectionForm,
    SectionFormSet,
)
from ..models import Byline, Correction, Footnote, RelatedLink, Section
from .permissions import ContentPartPermissions, CuratedPartPermissions
from .pictures import PicturePickers
from .widgets import Folded


class ArticlePartInline(ContentPartPermissions, SortableInlineAdminMixin):
    """An inline whose rows belong to the article's content, in order (drag or type)."""

    extra = 0
    formset = ArticlePartFormSet


class BylineInline(ArticlePartInline, admin.TabularInline):
    model = Byline
    autocomplete_fields = ["author"]
    verbose_name = _("author")
    verbose_name_plural = _("authors")


class SectionInline(PicturePickers, ArticlePartInline, admin.StackedInline):
    model = Section
    form = SectionForm
    formset = SectionFormSet
    autocomplete_fields = ["figure"]

    def get_extra(self, request, obj=None, **kwargs):
        # A new article opens with its first section ready to write in.
        return 1 if obj is None else 0

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "figure":
            formfield.widget = Folded(
                formfield.widget, add=_("Add a figure"), label=formfield.label
            )
        return formfield

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if self.has_change_permission(request, obj):
            return fields
        return ["body_as_read" if name == "body" else name for name in fields]

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if self.has_change_permission(request, obj):
            return readonly
        return [*readonly, "body_as_read"]

    @admin.display(description=_("body"))
    def body_as_read(self, section):
        """The text as it reads, for those who may not edit it: never its HTML source."""
        return mark_safe(section.body)  # cleaned by sanitize.clean_html when saved


class FootnoteInline(ArticlePartInline, admin.StackedInline):
    model = Footnote
    form = FootnoteForm
    formset = FootnoteFormSet
    template = "admin/articles/article/footnote_inline.html"
    # The position on a line of its own: the sortable mixin adds it again when it is not.
    fields = [
        "key",
        ("authors", "year"),
        "title",
        "container",
        ("url", "accessed"),
        "note",
        "order",
    ]


class RelatedLinkInline(CuratedPartPermissions, ArticlePartInline, admin.TabularInline):
    model = RelatedLink
    fk_name = "article"
    autocomplete_fields = ["target"]
    fields = ["target", "title", "url", "order"]
    classes = ["collapse"]
    verbose_name_plural = _("read-also links (this article's own, in order)")


class CorrectionInline(admin.TabularInline):
    model = Correction
    formset = NamedRowsFormSet
    extra = 0
    classes = ["collapse"]
    fields = ["kind", "text", "created_at"]
