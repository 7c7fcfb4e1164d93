"""
Curation in the admin: authors, reading lists, tags (and merging them), and the read-also
links of articles (what readers see of them, and the report of links readers cannot see).
"""

from adminsortable2.admin import SortableAdminBase, SortableInlineAdminMixin
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max
from django.template.response import TemplateResponse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from taggit.admin import TagAdmin

from .. import read_also, tagging
from ..forms import ArticlePartFormSet
from ..models import Article, ReadingListItem, RelatedLink


class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "account"]
    raw_id_fields = ["account"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class ReadingListItemInline(SortableInlineAdminMixin, admin.TabularInline):
    model = ReadingListItem
    extra = 0
    autocomplete_fields = ["article"]
    formset = ArticlePartFormSet


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


class ReadAlsoHealthFilter(admin.SimpleListFilter):
    title = _("read-also health")
    parameter_name = "read_also"

    def lookups(self, request, model_admin):
        return [("hidden", _("Has links readers cannot see"))]

    def queryset(self, request, queryset):
        if self.value() == "hidden":
            return queryset.filter(has_hidden_read_also=True)
        return queryset


class ReadAlso:
    """
    For the article admin: what readers see under "Read also", the list column and the report
    of links they cannot see (``admin:articles_article_read_also_report``), and adding the
    suggestions an editor picked.
    """

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

    def add_suggested_links(self, article, targets):
        last = article.related_links.aggregate(last=Max("order"))["last"] or 0
        for position, target in enumerate(targets, start=last + 1):
            RelatedLink(article=article, target=target, order=position).save()

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
