from adminsortable2.admin import SortableAdminBase, SortableInlineAdminMixin
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.db.models import Count, Max, Prefetch
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from reversion.admin import VersionAdmin
from taggit.admin import TagAdmin
from taggit.models import Tag

from . import editorial_checks, read_also, tagging, workflow
from .forms import (
    CONTENT_FIELDS,
    ArticleAdminForm,
    ArticlePartFormSet,
    FootnoteFormSet,
    ImportForm,
    SectionForm,
    SectionFormSet,
)
from .importers import review
from .models import (
    Article,
    Author,
    Byline,
    Correction,
    EditConflict,
    Footnote,
    ReadingList,
    ReadingListItem,
    RelatedLink,
    Section,
    SiteVersion,
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
    verbose_name_plural = _("read-also links (this article's own, in order)")

    def may_edit(self, request, obj):
        return workflow.can_curate(request.user, obj)


class CorrectionInline(admin.TabularInline):
    model = Correction
    extra = 0
    fields = ["kind", "text", "created_at"]


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "account"]
    raw_id_fields = ["account"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class ReadAlsoHealthFilter(admin.SimpleListFilter):
    title = _("read-also health")
    parameter_name = "read_also"

    def lookups(self, request, model_admin):
        return [("hidden", _("Has links readers cannot see"))]

    def queryset(self, request, queryset):
        if self.value() == "hidden":
            return queryset.filter(has_hidden_read_also=True)
        return queryset


class ReadingListItemInline(SortableInlineAdminMixin, admin.TabularInline):
    model = ReadingListItem
    extra = 0
    autocomplete_fields = ["article"]
    formset = ArticlePartFormSet


@admin.register(ReadingList)
class ReadingListAdmin(SortableAdminBase, admin.ModelAdmin):
    list_display = ["name", "article_count", "attached_count", "updated_at"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ReadingListItemInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                article_count=Count("items", distinct=True),
                attached_count=Count("attached_to", distinct=True),
            )
        )

    @admin.display(description=_("articles"), ordering="article_count")
    def article_count(self, reading_list):
        return reading_list.article_count

    @admin.display(description=_("shown under"), ordering="attached_count")
    def attached_count(self, reading_list):
        return ngettext("%d article", "%d articles", reading_list.attached_count) % (
            reading_list.attached_count
        )


admin.site.unregister(Tag)


@admin.register(Tag)
class NewsroomTagAdmin(TagAdmin):
    list_display = ["name", "slug", "article_count"]
    actions = ["merge"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count(tagging.TAGGINGS))

    @admin.display(description=_("articles"), ordering="article_count")
    def article_count(self, tag):
        return tag.article_count

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        tagging.tags_shown_changed([obj])

    def delete_model(self, request, obj):
        tagging.tags_shown_changed([obj])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        tagging.tags_shown_changed(queryset)
        super().delete_queryset(request, queryset)

    @admin.action(description=_("Merge selected tags into one"), permissions=["change", "delete"])
    def merge(self, request, queryset):
        tags = list(queryset.order_by("-article_count", "name"))
        if len(tags) < 2:
            self.message_user(request, _("Select at least two tags to merge."), messages.WARNING)
            return None
        into = next((tag for tag in tags if str(tag.pk) == request.POST.get("into")), None)
        if into is None:
            context = {
                **self.admin_site.each_context(request),
                "title": _("Merge tags"),
                "opts": self.model._meta,
                "tags": tags,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            }
            return TemplateResponse(request, "admin/taggit/merge_tags.html", context)
        changed = tagging.merge_tags(tags, into)
        self.message_user(
            request,
            _("Merged into “%(tag)s”: %(count)d articles retagged; old tag pages redirect to it.")
            % {"tag": into.name, "count": changed},
        )
        return None


@admin.register(Article)
class ArticleAdmin(SortableAdminBase, VersionAdmin):
    form = ArticleAdminForm
    autocomplete_fields = ["reading_lists", "translation_of"]
    inlines = [BylineInline, SectionInline, FootnoteInline, RelatedLinkInline, CorrectionInline]
    list_display = [
        "headline",
        "status_label",
        "published_at",
        "author_names",
        "read_also_health",
        "updated_at",
        "updated_by",
    ]
    list_filter = [
        "status",
        ReadAlsoHealthFilter,
        "kind",
        "language",
        "authors",
        "tags",
        "published_at",
    ]
    list_select_related = ["updated_by"]
    search_fields = ["headline", "subhead", "sections__body"]
    date_hierarchy = "published_at"
    actions = ["publish", "unpublish", "revoke_share_links"]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "subhead", ("kind", "language"), "translation_of"]}),
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
            _("Read also"),
            {
                "fields": [
                    "read_also_for_readers",
                    "reading_lists",
                    "read_also_suggestions",
                    "add_suggestions",
                ],
                "description": _(
                    "Readers see the article's own links (below) first, then the articles of "
                    "its reading lists, without duplicates, up to %(max)d."
                )
                % {"max": settings.NEWSROOM_READ_ALSO_MAX},
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
        readonly = ["checks", "citable_notes", "preview_links", "read_also_for_readers"]
        user = request.user
        if not workflow.can_edit_content(user, obj):
            readonly += CONTENT_FIELDS
        if not workflow.can_curate(user, obj):
            readonly += ["tags", "reading_lists", "read_also_suggestions"]
        if not workflow.can_publish(user):
            readonly.append("published_at")
        if len(workflow.allowed_statuses(user, obj)) < 2:
            readonly.append("status")
        return readonly

    def get_fieldsets(self, request, obj=None):
        hidden = set()
        if obj is None or not workflow.can_curate(request.user, obj):
            hidden.add("add_suggestions")
        # A shared link is made when the page shows it: only for those who may preview.
        if obj is None or not workflow.can_preview(request.user, obj):
            hidden.add("preview_links")
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f not in hidden]})
            for name, options in self.fieldsets
        ]

    def get_prepopulated_fields(self, request, obj=None):
        return self.prepopulated_fields if workflow.can_edit_content(request.user, obj) else {}

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if getattr(request, "save_collided", False):
            form = type(form.__name__, (form,), {"collided": True})
        if "status" in form.base_fields:
            allowed = workflow.allowed_statuses(request.user, obj)
            form.base_fields["status"].choices = [
                choice for choice in Article.Status.choices if choice[0] in allowed
            ]
        if obj is not None and workflow.can_curate(request.user, obj):
            form.base_fields["add_suggestions"].queryset = read_also.suggestions_to_curate(obj)
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
        report = self.admin_site.admin_view(self.read_also_report_view)
        importer = self.admin_site.admin_view(self.import_view)
        return [
            path("read-also-report/", report, name="articles_article_read_also_report"),
            path("import/", importer, name="articles_article_import"),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """Upload a page or JSON file, see what was found and what it matches, then save it."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
        preview = None
        if request.method == "POST" and form.is_valid():
            if not form.cleaned_data.get("read"):
                return self.save_import(request, form)
            preview = form.preview()
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import an article"),
            "opts": self.model._meta,
            "form": form,
            "preview": preview,
        }
        return TemplateResponse(request, "admin/articles/import.html", context)

    def save_import(self, request, form):
        try:
            article, created = review.save(
                form.cleaned_data["pending"], form.cleaned_data["choice"], request.user
            )
        except PermissionError as error:
            raise PermissionDenied from error
        self.message_user(
            request,
            _("Imported “%(headline)s” as a draft.") % {"headline": article.headline}
            if created
            else _(
                "Replaced “%(headline)s” with the import; the earlier version is in its history."
            )
            % {"headline": article.headline},
        )
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))

    def read_also_report_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        articles = self.get_queryset(request).filter(has_hidden_read_also=True)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Read-also links readers cannot see"),
            "opts": self.model._meta,
            "problems": [(article, read_also.hidden_targets(article)) for article in articles],
        }
        return TemplateResponse(request, "admin/articles/read_also_report.html", context)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.has_perm("articles.edit_any_article"):
            actions.pop("delete_selected", None)
        return actions

    def delete_queryset(self, request, queryset):
        if not all(workflow.can_delete(request.user, article) for article in queryset):
            raise PermissionDenied
        shown = queryset.published().exists()
        scheduled = queryset.scheduled().exists()
        super().delete_queryset(request, queryset)
        if shown:
            SiteVersion.changed()
        elif scheduled:
            SiteVersion.schedule_changed()

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        with form.instance.rendering_once():
            super().save_related(request, form, formsets, change)
        article = form.instance
        self.add_suggested_links(article, form.cleaned_data.get("add_suggestions") or [])
        for message in self.problems(article):
            messages.warning(request, message)

    def add_suggested_links(self, article, targets):
        last = article.related_links.aggregate(last=Max("order"))["last"] or 0
        for position, target in enumerate(targets, start=last + 1):
            RelatedLink(article=article, target=target, order=position).save()

    def problems(self, article, levels=(editorial_checks.WARNING,)):
        """What editorial_checks finds at these levels (errors first), then hidden links."""
        findings = [f for f in article.editorial_findings() if f.level in levels]
        findings.sort(key=lambda finding: finding.level != editorial_checks.ERROR)
        return [finding.message for finding in findings] + [
            _("%(where)s, “%(title)s”, is hidden from readers: %(reason)s.")
            % {"where": where, "title": title, "reason": reason}
            for where, title, reason in read_also.hidden_targets(article)
        ]

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
        return super().changeform_view(request, object_id, form_url, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        try:
            return super().change_view(request, object_id, form_url, extra_context)
        except (EditConflict, OperationalError) as error:
            if isinstance(error, OperationalError) and "database is locked" not in str(error):
                raise
            # Two saves raced past the form's own check, or SQLite's wait for the other
            # save ran out. The form is shown again outside a transaction, so it only
            # reads: the editor's text stays, nothing is saved.
            request.save_collided = True
            return self._changeform_view(request, object_id, form_url, extra_context)

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

    @admin.display(description=_("what readers see"))
    def read_also_for_readers(self, article):
        if not article.pk:
            return "-"
        items = read_also.for_readers(Article.objects.for_page().get(pk=article.pk))
        if not items:
            return _("Nothing yet: readers see no read-also block.")
        sources = {
            read_also.LINK: lambda item: _("own link"),
            read_also.LIST: lambda item: _("from the list “%(name)s”") % {"name": item.via},
            read_also.SUGGESTION: lambda item: _("automatic suggestion"),
        }
        return format_html(
            "<ol>{}</ol>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a> <small>({})</small></li>',
                ((item.url, item.title, sources[item.source](item)) for item in items),
            ),
        )

    @admin.display(description=_("read also"), boolean=True, ordering="has_hidden_read_also")
    def read_also_health(self, article):
        """A cross when a read-also link or list item is hidden from readers."""
        return not article.has_hidden_read_also

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
            _(
                "(copy it for reviewers outside the newsroom; it works until %(until)s, or until "
                "the article is taken down or its links are revoked)"
            )
            % {
                "until": date_format(
                    timezone.localtime(workflow.preview_expires()), "DATETIME_FORMAT"
                )
            },
        )

    @admin.action(
        description=_("Revoke all shared preview links of selected articles"),
        permissions=["publish"],
    )
    def revoke_share_links(self, request, queryset):
        if not all(workflow.can_preview(request.user, article) for article in queryset):
            raise PermissionDenied
        revoked = workflow.revoke_share_links(queryset)
        self.message_user(
            request,
            ngettext(
                "Shared preview links of %d article revoked; new links work again.",
                "Shared preview links of %d articles revoked; new links work again.",
                revoked,
            )
            % revoked,
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
