from adminsortable2.admin import SortableAdminBase, SortableInlineAdminMixin
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from reversion.admin import VersionAdmin

from . import editorial_checks, workflow
from .forms import (
    ArticleAdminForm,
    ArticlePartFormSet,
    FootnoteFormSet,
    SectionForm,
    SectionFormSet,
)
from .models import (
    Article,
    Author,
    Byline,
    Correction,
    EditConflict,
    Footnote,
    RelatedLink,
    Section,
)


class ArticlePartInline(SortableInlineAdminMixin):
    """An inline whose rows belong to the article's content: only content editors change it."""

    extra = 0
    formset = ArticlePartFormSet

    def may_edit(self, request, obj):
        return workflow.can_edit_content(request.user, obj)

    def has_add_permission(self, request, obj):
        return super().has_add_permission(request, obj) and self.may_edit(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.may_edit(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.may_edit(request, obj)


class BylineInline(ArticlePartInline, admin.TabularInline):
    model = Byline
    autocomplete_fields = ["author"]
    verbose_name = _("author")
    verbose_name_plural = _("authors")


class SectionInline(ArticlePartInline, admin.StackedInline):
    model = Section
    form = SectionForm
    formset = SectionFormSet


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


class RelatedLinkInline(ArticlePartInline, admin.TabularInline):
    model = RelatedLink
    fk_name = "article"
    autocomplete_fields = ["target"]
    fields = ["target", "title", "url", "order"]

    def may_edit(self, request, obj):
        return workflow.can_curate(request.user, obj)


class CorrectionInline(admin.TabularInline):
    model = Correction
    extra = 0
    fields = ["kind", "text", "created_at"]


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


CONTENT_FIELDS = [
    "headline",
    "slug",
    "subhead",
    "kind",
    "language",
    "lead_image",
    "lead_image_alt",
    "lead_image_decorative",
    "lead_image_caption",
    "lead_image_credit",
]


@admin.register(Article)
class ArticleAdmin(SortableAdminBase, VersionAdmin):
    form = ArticleAdminForm
    inlines = [BylineInline, SectionInline, FootnoteInline, RelatedLinkInline, CorrectionInline]
    list_display = [
        "headline",
        "status_label",
        "published_at",
        "author_names",
        "updated_at",
        "updated_by",
    ]
    list_filter = ["status", "kind", "language", "authors", "tags", "published_at"]
    list_select_related = ["updated_by"]
    search_fields = ["headline", "subhead", "sections__body"]
    date_hierarchy = "published_at"
    actions = ["publish", "unpublish"]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "subhead", ("kind", "language")]}),
        (
            _("Lead image"),
            {
                "fields": [
                    "lead_image",
                    "lead_image_alt",
                    "lead_image_decorative",
                    "lead_image_caption",
                    "lead_image_credit",
                ],
                "description": _(
                    "Alt text says what the picture shows; the caption says what it means. "
                    "Readers hear the same words only once."
                ),
            },
        ),
        (
            _("Publishing"),
            {
                "fields": ["status", "published_at", "tags", "lock_version"],
                "description": _(
                    "Publish with a time in the future to schedule: readers see the article "
                    "from that moment."
                ),
            },
        ),
        (
            _("Before readers see it"),
            {"fields": ["checks", "citable_notes", "preview_links"]},
        ),
    ]
    prepopulated_fields = {"slug": ["headline"]}

    # Permissions: the model permissions say what a role may do at all, workflow
    # says what it may do to this article.

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or workflow.can_change(request.user, obj)
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or workflow.can_delete(request.user, obj)
        )

    def has_publish_permission(self, request):
        return workflow.can_publish(request.user)

    def get_readonly_fields(self, request, obj=None):
        readonly = ["checks", "citable_notes", "preview_links"]
        user = request.user
        if not workflow.can_edit_content(user, obj):
            readonly += CONTENT_FIELDS
        if not workflow.can_curate(user, obj):
            readonly.append("tags")
        if not workflow.can_publish(user):
            readonly.append("published_at")
        if len(workflow.allowed_statuses(user, obj)) < 2:
            readonly.append("status")
        return readonly

    def get_prepopulated_fields(self, request, obj=None):
        return self.prepopulated_fields if workflow.can_edit_content(request.user, obj) else {}

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if "status" in form.base_fields:
            allowed = workflow.allowed_statuses(request.user, obj)
            form.base_fields["status"].choices = [
                choice for choice in Article.Status.choices if choice[0] in allowed
            ]
        return form

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if issubclass(inline.formset, ArticlePartFormSet):
            # One dictionary per request, so the section rows can see the footnote rows.
            kwargs["siblings"] = request.__dict__.setdefault("_article_formsets", {})
        return kwargs

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("bylines", queryset=Byline.objects.select_related("author")))
        )

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.has_perm("articles.edit_any_article"):
            actions.pop("delete_selected", None)
        return actions

    def delete_queryset(self, request, queryset):
        if not all(workflow.can_delete(request.user, article) for article in queryset):
            raise PermissionDenied
        super().delete_queryset(request, queryset)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        for finding in form.instance.editorial_findings():
            if finding.level == editorial_checks.WARNING:
                messages.warning(request, finding.message)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        if not workflow.can_restore(request.user):
            raise PermissionDenied
        # Restoring writes the revision's lock and content versions back. Remember the
        # current ones, so the restored article moves past them: forms opened before the
        # restore then see a conflict, and no cached page is mistaken for the restored one.
        request.versions_before_restore = (
            Article.objects.filter(pk=object_id).values("lock_version", "content_version").first()
        )
        return super().revision_view(request, object_id, version_id, extra_context)

    def recoverlist_view(self, request, extra_context=None):
        if not workflow.can_restore(request.user):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not workflow.can_restore(request.user):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if before := getattr(request, "versions_before_restore", None):
            Article.objects.filter(pk=object_id).update(
                lock_version=before["lock_version"] + 1,
                content_version=before["content_version"] + 1,
            )
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except EditConflict as conflict:
            # Only reached when two saves race past the form's own check.
            messages.error(
                request,
                _("%(who)s saved this article at the same moment. Nothing of yours was saved.")
                % {"who": conflict.current.updated_by or _("Someone else")},
            )
            return HttpResponseRedirect(request.path)

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
        findings = article.editorial_findings()
        if not findings:
            return _("No problems found.")
        return format_html(
            "<ul>{}</ul>",
            format_html_join("", "<li>{}</li>", ((finding.message,) for finding in findings)),
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

    @admin.display(description=_("preview"))
    def preview_links(self, article):
        if not article.pk:
            return "-"
        return format_html(
            '<a href="{}">{}</a><br><a href="{}">{}</a> {}',
            article.get_preview_url(),
            _("Preview as readers will see it"),
            workflow.preview_url(article),
            _("Shareable preview link"),
            _("(copy it for reviewers outside the newsroom; it works for %(days)d days)")
            % {"days": workflow.preview_days()},
        )

    @admin.action(description=_("Publish selected articles now"), permissions=["publish"])
    def publish(self, request, queryset):
        published = 0
        for article in queryset.exclude(status=Article.Status.PUBLISHED):
            errors = [
                finding.message
                for finding in article.editorial_findings(publishing=True)
                if finding.level == editorial_checks.ERROR
            ]
            if errors:
                self.message_user(
                    request, f"{article.headline}: {' '.join(errors)}", level=messages.ERROR
                )
                continue
            now = timezone.now()
            article.status = Article.Status.PUBLISHED
            # "Now" means now: an earlier publication time stays, a future one does not.
            if article.published_at is None or article.published_at > now:
                article.published_at = now
            article.updated_by = request.user
            article.save()
            published += 1
        self.message_user(
            request,
            ngettext("%d article published.", "%d articles published.", published) % published,
        )

    @admin.action(description=_("Unpublish selected articles"), permissions=["publish"])
    def unpublish(self, request, queryset):
        changed = 0
        for article in queryset.filter(status=Article.Status.PUBLISHED):
            article.status = Article.Status.UNPUBLISHED
            article.updated_by = request.user
            article.save()
            changed += 1
        self.message_user(
            request,
            ngettext("%d article unpublished.", "%d articles unpublished.", changed) % changed,
        )
