"""
Curation in the admin: authors, reading lists, tags (and merging them), and the read-also
links of articles (what readers see of them, and the report of links readers cannot see).
"""

from adminsortable2.admin import SortableAdminBase, SortableInlineAdminMixin
from django.contrib import admin, messages
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, F, IntegerField, Max, Value, When
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from taggit.admin import TagAdmin

from .. import read_also, tagging
from ..forms import ArticlePartFormSet
from ..models import Article, ReadingListItem, RelatedLink
from . import tag_picker
from .pickers import PickerButtons


class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "account"]
    raw_id_fields = ["account"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class ReadingListItemInline(PickerButtons, SortableInlineAdminMixin, admin.TabularInline):
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

    def get_urls(self):
        names = self.admin_site.admin_view(tag_picker.tag_names_view)
        return [path("names/", names, name="taggit_tag_names"), *super().get_urls()]

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


class ArticlePicker(AutocompleteSelect):
    """An article picker that never offers ``exclude`` (the article being edited)."""

    def __init__(self, field, admin_site, exclude=None, **kwargs):
        super().__init__(field, admin_site, **kwargs)
        self.exclude = exclude

    def get_url(self):
        url = reverse("admin:articles_article_pick")
        return f"{url}?exclude={self.exclude}" if self.exclude else url


class PickArticleView(AutocompleteJsonView):
    """
    Articles for a picker: headlines equal to what was typed first, then those starting
    with it, then the rest; each with its status and date, so a draft is not taken for the
    published story.
    """

    def get_queryset(self):
        articles = super().get_queryset()
        exclude = self.request.GET.get("exclude", "")
        if exclude.isascii() and exclude.isdigit():
            articles = articles.exclude(pk=exclude)
        term = self.term.strip()
        rank = Case(
            When(headline__iexact=term, then=Value(0)),
            When(headline__istartswith=term, then=Value(1)),
            When(headline__icontains=term, then=Value(2)),
            default=Value(3),
            output_field=IntegerField(),
        )
        newest = F("published_at").desc(nulls_last=True)
        return articles.annotate(rank=rank).order_by("rank", newest, "-pk")

    def serialize_result(self, article, to_field_name):
        if article.published_at:
            day = date_format(timezone.localtime(article.published_at), "DATE_FORMAT")
            state = _("%(status)s, %(date)s") % {
                "status": article.get_status_display(),
                "date": day,
            }
        else:
            state = article.get_status_display()
        return {
            "id": str(getattr(article, to_field_name)),
            "text": _("%(headline)s (%(state)s)") % {"headline": article.headline, "state": state},
        }


class ReadAlso:
    """
    For the article admin: what readers see under "Read also", the list column and the report
    of links they cannot see (``admin:articles_article_read_also_report``), and adding the
    suggestions an editor picked.
    """

    def read_also_urls(self):
        report = self.admin_site.admin_view(self.read_also_report_view)
        pick = self.admin_site.admin_view(PickArticleView.as_view(admin_site=self.admin_site))
        return [
            path("read-also-report/", report, name="articles_article_read_also_report"),
            path("pick/", pick, name="articles_article_pick"),
        ]

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
        shown = (
            format_html(
                "<ol>{}</ol>",
                format_html_join(
                    "",
                    '<li><a href="{}">{}</a> <small>({})</small></li>',
                    ((item.url, item.title, self.read_also_source(item)) for item in items),
                ),
            )
            if items
            else _("Nothing yet: readers see no read-also block.")
        )
        if not getattr(article, "has_hidden_read_also", False):
            return shown
        return format_html(
            '{}<p>{} <a href="{}#article-{}">{}</a></p>',
            shown,
            _("Some of its links or list items are hidden from readers."),
            reverse("admin:articles_article_read_also_report"),
            article.pk,
            _("See the read-also report"),
        )

    @staticmethod
    def read_also_source(item):
        source = {
            read_also.LINK: _("own link"),
            read_also.LIST: _("from the list “%(name)s”") % {"name": item.via},
            read_also.SUGGESTION: _("automatic suggestion"),
        }[item.source]
        if not item.also_in:
            return source
        lists = ", ".join(f"“{name}”" for name in item.also_in)
        return _("%(source)s; also in %(lists)s, shown once") % {"source": source, "lists": lists}

    @admin.display(description=_("read also"), boolean=True, ordering="has_hidden_read_also")
    def read_also_health(self, article):
        """A cross when a read-also link or list item is hidden from readers."""
        return not article.has_hidden_read_also
