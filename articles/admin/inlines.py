"""The rows edited on the article's page: bylines, sections, footnotes, links, corrections."""

from adminsortable2.admin import SortableInlineAdminMixin
from django.contrib import admin
from django.utils import timezone
from django.utils.formats import date_format
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
from .curation import ArticlePicker
from .permissions import ContentPartPermissions, CuratedPartPermissions
from .pickers import PickerButtons
from .pictures import PicturePickers
from .widgets import Folded


class ArticlePartInline(PickerButtons, ContentPartPermissions, SortableInlineAdminMixin):
    """
    An inline whose rows belong to the article's content, in order (drag or type). Its
    pickers have no buttons beside them unless ``picker_buttons`` names some.
    """

    extra = 0
    formset = ArticlePartFormSet


class BylineInline(ArticlePartInline, admin.TabularInline):
    model = Byline
    autocomplete_fields = ["author"]
    # A new contributor can be added from the byline; editing or deleting one is elsewhere.
    picker_buttons = {"author": ["add"]}
    verbose_name = _("author")
    verbose_name_plural = _("authors")


class SectionInline(PicturePickers, ArticlePartInline, admin.StackedInline):
    model = Section
    form = SectionForm
    formset = SectionFormSet
    autocomplete_fields = ["figure"]
    picker_buttons = {"figure": ["add", "change", "view"]}

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
    fields = ["target", "title", "url", "order"]
    classes = ["collapse"]
    verbose_name_plural = _("read-also links (this article's own, in order)")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "target":
            kwargs["widget"] = ArticlePicker(db_field, self.admin_site)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        target = formset.form.base_fields.get("target")
        if obj is not None and target is not None:
            target.widget.widget.exclude = obj.pk  # inside the wrapper of the picker's buttons
        return formset


class CorrectionInline(admin.TabularInline):
    model = Correction
    formset = NamedRowsFormSet
    extra = 0
    classes = ["collapse"]
    fields = ["kind", "text", "saved_at"]
    readonly_fields = ["saved_at"]

    @admin.display(description=_("date"))
    def saved_at(self, correction):
        """Readers are told the moment a note was saved, not when the form was opened."""
        if correction.pk is None:
            return _("the moment you save")
        return date_format(timezone.localtime(correction.created_at), "DATETIME_FORMAT")
