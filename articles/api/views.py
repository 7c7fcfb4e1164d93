import datetime

from django import forms
from django.conf import settings
from django.db.models import Prefetch
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import exceptions, generics, pagination, views

from .. import page_cache, search, tagging
from ..models import Article, Author, ReadingList, ReadingListItem, bylines_with_authors
from . import schema, serializers


class Cursor(pagination.CursorPagination):
    """
    Pages that stay put while articles are published: a cursor names a place in the
    order, not a page number. A ``page_size`` out of range is a 400; a cursor the API did
    not give out names no page, a 404 (any string fits the schema's ``cursor``).
    """

    page_size = settings.NEWSROOM_API_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = settings.NEWSROOM_API_MAX_PAGE_SIZE
    page_size_query_description = (
        f"How many results per page, from 1 to {settings.NEWSROOM_API_MAX_PAGE_SIZE} "
        f"(default {settings.NEWSROOM_API_PAGE_SIZE})."
    )

    cursor_query_description = "Where a page starts: the `next` or `previous` address gives it."

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(
                    minimum=1, maximum=self.max_page_size, default=self.page_size
                )
        return parameters

    def get_page_size(self, request):
        given = request.query_params.get(self.page_size_query_param)
        if given is None:
            return self.page_size
        if not (given.isascii() and given.isdigit()) or not 1 <= int(given) <= self.max_page_size:
            message = _("Give a whole number from 1 to %(max)d.") % {"max": self.max_page_size}
            raise exceptions.ValidationError({self.page_size_query_param: [message]})
        return int(given)

    def get_paginated_response_schema(self, schema):
        paginated = super().get_paginated_response_schema(schema)
        for link in ("next", "previous"):
            paginated["properties"][link].update(
                description=f"The {link} page's address: this one with another cursor; "
                f"null when there is no {link} page.",
                example="https://news.example/api/v1/articles/?cursor=cD0yMDI2LTEx&page_size=2",
            )
        paginated["required"] = ["next", "previous", "results"]
        return paginated

    def decode_cursor(self, request):
        invalid = exceptions.NotFound(_("This cursor is not one this API gave out."))
        try:
            cursor = super().decode_cursor(request)
        except exceptions.NotFound as error:
            raise invalid from error
        if cursor and cursor.position is not None and not self.valid_position(cursor.position):
            raise invalid
        return cursor

    def valid_position(self, position):
        return True


class ArticleCursor(Cursor):
    ordering = ("-published_at", "-pk")

    def valid_position(self, position):
        try:
            return parse_datetime(position) is not None
        except ValueError:
            return False


class NameCursor(Cursor):
    ordering = ("slug",)


def _has_zone(text):
    try:
        moment = parse_datetime(text)
    except ValueError:
        return False
    return moment is not None and moment.tzinfo is not None


class ArticleFilterForm(forms.Form):
    """A parameter given must say something: an empty value or a time without its zone is
    a mistake to report, not a filter to drop silently (the schema says so too)."""

    def clean(self):
        cleaned = super().clean()
        for name in self.fields:
            if name != "q" and self.data.get(name) == "":
                self.add_error(name, _("Give a value, or leave the parameter out."))
        moment = self.data.get("updated_since")
        if moment and "updated_since" not in self.errors and not _has_zone(moment):
            self.add_error("updated_since", _("Give the time zone too, as in 2026-11-29T09:00Z."))
        elif since := cleaned.get("updated_since"):
            cleaned["updated_since"] = _in_utc(since)
        return cleaned


def _in_utc(moment):
    """
    In UTC: databases refuse some offsets Python allows (PostgreSQL's end at 15:59). A
    moment of the first or last day Python knows may fall outside its years in UTC: then
    every article, or none, was changed since.
    """
    try:
        return moment.astimezone(datetime.UTC)
    except OverflowError:
        edge = datetime.datetime.min if moment.year == 1 else datetime.datetime.max
        return edge.replace(tzinfo=datetime.UTC)


# Form fields refuse NUL characters (400): the schema says so.
WITHOUT_NUL = "^[^\\u0000]*$"


@extend_schema_field({"type": "string", "minLength": 1, "pattern": WITHOUT_NUL})
class PublishedSlugFilter(filters.ModelChoiceFilter):
    """A slug naming a tag or author of published articles; an unknown one is a 404."""


@extend_schema_field({"type": "string", "pattern": WITHOUT_NUL})
class SearchWordsFilter(filters.CharFilter):
    """Words to search for (see ArticleFilter.search)."""


class ArticleFilter(filters.FilterSet):
    tag = PublishedSlugFilter(
        field_name="tags",
        to_field_name="slug",
        queryset=lambda request: tagging.tags_in_use(),
        error_messages={"invalid_choice": _("No published article has the tag “%(value)s”.")},
        help_text=_("A tag's slug, as in /api/v1/tags/."),
    )
    author = PublishedSlugFilter(
        field_name="authors",
        to_field_name="slug",
        queryset=lambda request: Author.objects.writing(),
        error_messages={"invalid_choice": _("No published article is by “%(value)s”.")},
        help_text=_("An author's slug, as in /api/v1/authors/."),
    )
    kind = filters.ChoiceFilter(choices=Article.Kind.choices, help_text=_("The kind of article."))
    language = filters.ChoiceFilter(
        choices=settings.LANGUAGES, help_text=_("The language the article is written in.")
    )
    updated_since = filters.IsoDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        help_text=_("Only articles changed at or after this time (ISO 8601, with a time zone)."),
    )
    q = SearchWordsFilter(
        method="search",
        help_text=_(
            "Words to search for, as in the site's search; results stay newest first. "
            "Text with no word to look for matches nothing."
        ),
    )

    class Meta:
        model = Article
        fields = []
        form = ArticleFilterForm

    def is_valid(self):
        """Valid, or False with 400 errors to report; raises NotFound for unknown names."""
        if super().is_valid():
            return True
        errors = self.form.errors.as_data()
        unknown = [
            name
            for name, found in errors.items()
            if isinstance(self.filters.get(name), PublishedSlugFilter)
            and all(error.code == "invalid_choice" for error in found)
        ]
        if len(unknown) == len(errors):
            raise exceptions.NotFound(" ".join(self.form.errors[name][0] for name in unknown))
        return False

    def search(self, articles, name, text):
        query = search.parse(text)
        if query.is_empty:
            return articles.none()
        return search.only_matching(articles, query)


class CachedMixin:
    """Answer from the page cache, after the rate limits, with ETag and Last-Modified."""

    def get(self, request, *args, **kwargs):
        def produce():
            return self.finalize_response(
                request, super(CachedMixin, self).get(request, *args, **kwargs)
            )

        address = page_cache.keep_only(request._request, self.parameters())
        return page_cache.respond(request, produce, namespace="api", address=address)

    def parameters(self):
        """What this endpoint reads of the query string: its filters and its cursor."""
        filterset = getattr(self, "filterset_class", None)
        names = list(filterset.base_filters) if filterset else []
        for param in ("cursor_query_param", "page_size_query_param"):
            if name := getattr(self.pagination_class, param, None):
                names.append(name)
        return names


@extend_schema(**schema.listing(serializers.ArticleSummarySerializer(many=True)))
class ArticleList(CachedMixin, generics.ListAPIView):
    """Published articles, newest first."""

    serializer_class = serializers.ArticleSummarySerializer
    pagination_class = ArticleCursor
    filterset_class = ArticleFilter

    def get_queryset(self):
        return (
            Article.objects.published()
            .for_listing()
            .select_related("lead_picture")
            .prefetch_related("tags")
        )


@extend_schema(**schema.document(serializers.ArticleDocumentSerializer))
class ArticleDetail(CachedMixin, generics.RetrieveAPIView):
    """One published article in full."""

    serializer_class = serializers.ArticleDocumentSerializer

    def get_queryset(self):
        return Article.objects.published().for_document()


@extend_schema(**schema.listing(serializers.TagSerializer(many=True)))
class TagList(CachedMixin, generics.ListAPIView):
    """Tags of published articles, by slug."""

    serializer_class = serializers.TagSerializer
    pagination_class = NameCursor

    def get_queryset(self):
        return tagging.published_tags()


@extend_schema(**schema.listing(serializers.AuthorSerializer(many=True)))
class AuthorList(CachedMixin, generics.ListAPIView):
    """Authors of published articles, by slug."""

    serializer_class = serializers.AuthorSerializer
    pagination_class = NameCursor

    def get_queryset(self):
        return Author.objects.published()


@extend_schema(**schema.document(serializers.ReadingListSerializer))
class ReadingListDetail(CachedMixin, generics.RetrieveAPIView):
    """A curated reading list: its published articles, in the curators' order."""

    serializer_class = serializers.ReadingListSerializer
    lookup_field = "slug"

    def get_queryset(self):
        items = (
            ReadingListItem.objects.published()
            .select_related("article__lead_picture")
            .prefetch_related(
                bylines_with_authors(through="article__"),
                "article__tags",
            )
        )
        return ReadingList.objects.prefetch_related(
            Prefetch("items", queryset=items, to_attr="visible_items")
        )

    def get_object(self):
        reading_list = super().get_object()
        reading_list.published_articles = [item.article for item in reading_list.visible_items]
        return reading_list


@extend_schema(exclude=True)
class Unknown(views.APIView):
    """Any other address under /api/v1/: a 404 in JSON, as the API's own are."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        raise exceptions.NotFound()
