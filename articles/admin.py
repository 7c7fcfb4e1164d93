from django.contrib import admin

from .models import Article, Author, Byline, Footnote, RelatedLink, Section


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 0
    autocomplete_fields = ["author"]


class SectionInline(admin.StackedInline):
    model = Section
    extra = 0


class FootnoteInline(admin.StackedInline):
    model = Footnote
    extra = 0


class RelatedLinkInline(admin.TabularInline):
    model = RelatedLink
    fk_name = "article"
    extra = 0
    autocomplete_fields = ["target"]


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["headline", "kind", "status", "published_at"]
    list_filter = ["status", "kind", "language"]
    search_fields = ["headline", "subhead"]
    inlines = [BylineInline, SectionInline, FootnoteInline, RelatedLinkInline]
