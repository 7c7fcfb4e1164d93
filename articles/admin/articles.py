"""
The article admin: its change form and list. Who may do what, the inlines, importing,
previews, read-also curation, publishing actions and revisions each have their own module;
``ArticleAdmin`` puts them together.
"""

from adminsortable2.admin import SortableAdminBase
from django.conf import settings
from django.contrib import admin, messages
from django.db.models import Prefetch
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin

from .. import editorial_checks, read_also, reference_lists, workflow
from ..forms import ArticleAdminForm, ArticlePartFormSet, SectionFormSet
from ..models import Byline, SiteVersion
from .autosaving import Autosaving
from .curation import ReadAlso, ReadAlsoHealthFilter
from .history import HistoryComparison
from .importing import ImportView
from .inlines import (
    BylineInline,
    CorrectionInline,
    FootnoteInline,
    RelatedLinkInline,
    SectionInline,
)
from .live_preview import LivePreview
from .permissions import ArticlePermissions
from .pickers import PickerButtons
from .pictures import PicturePickers
from .previews import Previews
from .publishing import PublishingActions, PublishingButtons
from .revisions import Revisions
from .staging import Staging, UnpublishedChangesFilter
from .tag_picker import TagPicking
from .times import NewsroomTimes


class ArticleAdmin(
    PickerButtons,
    TagPicking,
    NewsroomTimes,
    ArticlePermissions,
    ImportView,
    Previews,
    ReadAlso,
    PublishingActions,
    Staging,
    PublishingButtons,
    Revisions,
    HistoryComparison,
    LivePreview,
    Autosaving,
    PicturePickers,
    SortableAdminBase,
    VersionAdmin,
):
    form = ArticleAdminForm
    autocomplete_fields = ["reading_lists", "translation_of", "lead_picture"]
    # The translation picker has none: its buttons would add, edit or delete that article.
    picker_buttons = {"reading_lists": ["add"], "lead_picture": ["add", "change", "view"]}
    inlines = [BylineInline, SectionInline, FootnoteInline, RelatedLinkInline, CorrectionInline]
    list_display = [
        "headline",
        "status_label",
        "published_at",
        "author_names",
        "read_also_health",
        "unpublished_changes",
        "updated_at",
        "updated_by",
    ]
    list_filter = [
        "status",
        UnpublishedChangesFilter,
        ReadAlsoHealthFilter,
        "kind",
        "language",
        "authors",
        "tags",
        "published_at",
    ]
    list_select_related = ["updated_by", "staged_change__staged_by"]
    search_fields = ["headline", "dek", "sections__body"]
    date_hierarchy = "published_at"
    actions = ["publish", "unpublish", "revoke_share_links"]
    # The story first (headline, dek, lead picture, then its sections and footnotes), then
    # what is set around it, the rarely changed folded. Django puts every inline after all
    # the fieldsets; the change form puts each inline after the fieldset whose position is
    # given in ``inlines_after`` (``{% article_form_parts %}``, templatetags/article_form.py).
    fieldsets = [
        (None, {"fields": ["headline", "dek"]}),
        (
            _("Lead picture"),
            {
                "fields": ["lead_picture"],
                "description": _(
                    "Type to find a picture of the library by its caption, credit or alt "
                    "text, or add a new one with +. Alt text says what the picture shows; the "
                    "caption says what it means. Readers hear the same words only once."
                ),
            },
        ),
        (
            _("Publishing"),
            {
                "fields": ["status_label", "published_at", "slug", "tags", "lock_version"],
                "description": _(
                    "Set a time in the future and press Schedule: readers see the article "
                    "from that moment. Publish puts it live now."
                ),
            },
        ),
        (
            _("Before readers see it"),
            {"fields": ["checks", "citable_notes", "preview_links"]},
        ),
        (
            _("Kind, language and translation"),
            {"fields": ["kind", "language", "translation_of"], "classes": ["collapse"]},
        ),
        (
            _("Read also"),
            {
                "fields": [
                    "read_also_for_readers",
                    "reading_lists",
                    "read_also_suggestions",
                    "add_suggestions",
                ],
                "classes": ["collapse"],
                "description": _(
                    "Readers see the article's own links (below) first, then the articles of "
                    "its reading lists, without duplicates, up to %(max)d."
                )
                % {"max": settings.NEWSROOM_READ_ALSO_MAX},
            },
        ),
    ]
    inlines_after = {
        1: [SectionInline, FootnoteInline],  # the lead picture
        2: [BylineInline],  # publishing
        5: [RelatedLinkInline, CorrectionInline],  # read also
    }
    prepopulated_fields = {"slug": ["headline"]}

    def get_fieldsets(self, request, obj=None):
        hidden = self.hidden_fields(request, obj)
        unfolded = self.curates_only(request, obj)
        fieldsets = []
        for name, options in self.fieldsets:
            options = {**options, "fields": [f for f in options["fields"] if f not in hidden]}
            if unfolded and "reading_lists" in options["fields"]:
                options["classes"] = []
            fieldsets.append((name, options))
        return fieldsets

    def get_inline_instances(self, request, obj=None):
        inlines = super().get_inline_instances(request, obj)
        curates_only = self.curates_only(request, obj)
        # Corrections are made to what readers have seen: unfolded once the article is live.
        live = obj is not None and obj.is_shown_to_readers()
        for inline in inlines:
            if (curates_only and isinstance(inline, RelatedLinkInline)) or (
                live and isinstance(inline, CorrectionInline)
            ):
                inline.classes = []
        return inlines

    def curates_only(self, request, obj):
        """Read-also is all a curator does on someone else's article: it is shown unfolded."""
        user = request.user
        return workflow.can_curate(user, obj) and not workflow.can_edit_content(user, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if getattr(request, "save_collided", False):
            form = type(form.__name__, (form,), {"collided": True})
        form = self.moving_form(request, form)
        if "add_suggestions" not in self.hidden_fields(request, obj):
            form.base_fields["add_suggestions"].queryset = read_also.suggestions_to_curate(obj)
        if not workflow.can_edit_content(request.user, obj):
            del form.base_fields["reference_list"]
        return form

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if issubclass(inline.formset, ArticlePartFormSet):
            # One dictionary per request, so the section rows can see the footnote rows.
            kwargs["siblings"] = request.__dict__.setdefault("_article_formsets", {})
        return kwargs

    def get_queryset(self, request):
        articles = (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("bylines", queryset=Byline.objects.select_related("author")))
            .annotate(has_hidden_read_also=read_also.has_hidden_targets())
        )
        return workflow.visible_in_admin(request.user, articles)

    def get_urls(self):
        importer = self.admin_site.admin_view(self.import_view)
        return [
            *self.read_also_urls(),
            path("import/", importer, name="articles_article_import"),
            *self.live_preview_urls(),
            *self.autosave_urls(),
            *self.staging_urls(),
            *super().get_urls(),
        ]

    def delete_queryset(self, request, queryset):
        self.check_delete_permission(request, queryset)
        shown = queryset.published().exists()
        scheduled = queryset.scheduled().exists()
        super().delete_queryset(request, queryset)
        if shown:
            SiteVersion.changed()
        elif scheduled:
            SiteVersion.schedule_changed()

    def save_model(self, request, obj, form, change):
        if self.stages_change(request):
            return self.stage_change(request, obj, form)
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        # save_related renders the body once, after the sections and footnotes.
        obj.save(render=False)

    def save_related(self, request, form, formsets, change):
        if self.stages_change(request):
            return  # the rows stay as readers see them
        with form.instance.rendering_once():
            super().save_related(request, form, formsets, change)
            self.add_pasted_references(request, form)
        article = form.instance
        self.add_suggested_links(article, form.cleaned_data.get("add_suggestions") or [])
        for message in self.problems(article):
            messages.warning(request, message)
        for formset in formsets:
            if isinstance(formset, SectionFormSet):
                for note in formset.paste_notes():
                    messages.warning(request, note)

    def add_pasted_references(self, request, form):
        entries = form.cleaned_data.get("reference_list")
        if entries:
            notes, citations = reference_lists.add_to(form.instance, entries)
            messages.success(
                request,
                _(
                    "Footnotes added from the pasted reference list: %(notes)d; markers turned "
                    "into citations: %(citations)d."
                )
                % {"notes": notes, "citations": citations},
            )

    def problems(self, article, levels=(editorial_checks.WARNING,)):
        """What editorial_checks finds at these levels (errors first), then hidden links."""
        findings = [f for f in article.editorial_findings() if f.level in levels]
        findings.sort(key=lambda finding: finding.level != editorial_checks.ERROR)
        return [finding.message for finding in findings] + [
            _("%(where)s, “%(title)s”, is hidden from readers: %(reason)s.")
            % {"where": where, "title": title, "reason": reason}
            for where, title, reason in read_also.hidden_targets(article)
        ]

    @admin.display(description=_("status"), ordering="status")
    def status_label(self, article):
        if article.is_scheduled:
            return _("Scheduled for %(time)s") % {
                "time": date_format(timezone.localtime(article.published_at), "DATETIME_FORMAT")
            }
        return article.get_status_display()

    @admin.display(description=_("authors"))
    def author_names(self, article):
        return ", ".join(author.name for author in article.ordered_authors)

    @admin.display(description=_("checks"))
    def checks(self, article):
        if not article.pk:
            return "-"
        problems = self.problems(article, (editorial_checks.ERROR, editorial_checks.WARNING))
        if not problems:
            return _("No problems found.")
        return format_html(
            "<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((p,) for p in problems))
        )

    @admin.display(description=_("footnotes you can cite"))
    def citable_notes(self, article):
        if not article.pk:
            return _("Save the article with its footnotes to see their keys here.")
        notes = article.footnotes.all()
        if not notes:
            return _("No footnotes yet. Add one below, then cite it in a section as [^key].")
        return format_html_join(
            ", ", "<code>[^{}]</code> {}", ((note.key, note.title[:60]) for note in notes)
        )
