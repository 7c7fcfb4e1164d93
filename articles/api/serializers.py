"""
What the API answers, field by field; the OpenAPI schema is generated from these.

An article document is the ``newsroom.article/1`` interchange document
(importers/interchange.py) with what a client needs to show the article as the
site does: its addresses, each section's HTML with numbered footnote references,
the rendered body and notes, picture renditions and the read-also block readers
see. Links to articles readers may not see are never included.
"""

from django.conf import settings
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .. import read_also, rendering
from ..importers import interchange
from ..models import Article, Correction


def absolute(context, url):
    return context["request"].build_absolute_uri(url)


def api_url(context, article_pk):
    return absolute(context, reverse("api:article", kwargs={"pk": article_pk}))


class RenditionSerializer(serializers.Serializer):
    url = serializers.URLField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()


class PictureSerializer(serializers.Serializer):
    """A stored picture: the original's size, its responsive widths and its crops."""

    width = serializers.IntegerField()
    height = serializers.IntegerField()
    src = serializers.URLField(help_text="A JPEG about 800 pixels wide, for a single <img>.")
    webp = RenditionSerializer(many=True)
    jpeg = RenditionSerializer(many=True)
    crops = serializers.DictField(
        child=RenditionSerializer(),
        help_text="Named crops: social (for sharing cards), 16x9, 4x3 and 1x1.",
    )

    def to_representation(self, picture):
        def absolute_urls(rendition):
            return {**rendition, "url": absolute(self.context, rendition["url"])}

        return {
            "width": picture.width,
            "height": picture.height,
            "src": absolute(self.context, picture.src),
            "webp": [absolute_urls(r) for r in picture.renditions("webp")],
            "jpeg": [absolute_urls(r) for r in picture.renditions("jpeg")],
            "crops": {label: absolute_urls(r) for label, r in picture.crops.items()},
        }


class ImageSerializer(serializers.Serializer):
    """A picture with its words; ``picture`` is null when only the words are stored."""

    caption = serializers.CharField()
    alt = serializers.CharField()
    credit = serializers.CharField()
    decorative = serializers.BooleanField(help_text="True when the picture needs no alt text.")
    picture = PictureSerializer(allow_null=True)


def image(picture):
    """A lead picture or figure as answered, or None when it has neither a file nor words."""
    if picture is None or not (
        picture.rendered or picture.caption or picture.alt or picture.credit
    ):
        return None
    return {
        "caption": picture.caption,
        "alt": picture.alt,
        "credit": picture.credit,
        "decorative": picture.decorative,
        "picture": picture.rendered,
    }


class NamedSerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.CharField()


class ArticleSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.SerializerMethodField(help_text="The article's page on the site.")
    api_url = serializers.SerializerMethodField(help_text="This article's full document.")
    headline = serializers.CharField()
    dek = serializers.CharField(help_text="The dek (standfirst), plain text.")
    slug = serializers.CharField()
    kind = serializers.ChoiceField(choices=Article.Kind.choices)
    language = serializers.ChoiceField(choices=settings.LANGUAGES)
    authors = NamedSerializer(source="ordered_authors", many=True)
    tags = NamedSerializer(source="tags.all", many=True)
    published_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    lead_image = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, article):
        return absolute(self.context, article.get_absolute_url())

    @extend_schema_field(OpenApiTypes.URI)
    def get_api_url(self, article):
        return api_url(self.context, article.pk)

    @extend_schema_field(ImageSerializer(allow_null=True))
    def get_lead_image(self, article):
        block = image(article.lead_picture)
        return ImageSerializer(block, context=self.context).data if block else None


class SectionSerializer(serializers.Serializer):
    heading = serializers.CharField()
    body = serializers.CharField(help_text="As stored: sanitised HTML citing notes as [^key].")
    html = serializers.CharField(help_text="As readers see it: citations are numbered links.")
    figure = ImageSerializer(allow_null=True)


class FootnoteSerializer(serializers.Serializer):
    key = serializers.CharField()
    number = serializers.IntegerField()
    citation = serializers.CharField()
    authors = serializers.CharField()
    year = serializers.IntegerField(allow_null=True)
    title = serializers.CharField()
    container = serializers.CharField()
    url = serializers.CharField()
    accessed = serializers.DateField(allow_null=True)
    note = serializers.CharField()


class RelatedSerializer(serializers.Serializer):
    title = serializers.CharField()
    url = serializers.URLField(allow_null=True, help_text="For a page elsewhere on the web.")
    article = serializers.CharField(allow_null=True, help_text="The slug of one of our articles.")


class ReadAlsoSerializer(serializers.Serializer):
    title = serializers.CharField()
    url = serializers.URLField()
    source = serializers.ChoiceField(
        choices=[read_also.LINK, read_also.LIST, read_also.SUGGESTION],
        help_text="A curated link, an article of an attached reading list, or a suggestion.",
    )
    external = serializers.BooleanField()
    article_id = serializers.IntegerField(allow_null=True)


class CorrectionSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Correction.Kind.choices)
    text = serializers.CharField()
    date = serializers.DateTimeField()


class TranslationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    language = serializers.ChoiceField(choices=settings.LANGUAGES)
    headline = serializers.CharField()
    url = serializers.URLField()
    api_url = serializers.URLField()


class ArticleDocumentSerializer(ArticleSummarySerializer):
    """One article: the interchange document and what the site renders from it."""

    format = serializers.CharField(source="document.format")
    status = serializers.CharField(source="document.status")
    sections = SectionSerializer(source="document.sections", many=True)
    footnotes = FootnoteSerializer(source="document.footnotes", many=True)
    related = RelatedSerializer(
        source="document.related", many=True, help_text="The curated read-also links."
    )
    read_also = ReadAlsoSerializer(
        source="document.read_also", many=True, help_text="The read-also block readers see."
    )
    corrections = CorrectionSerializer(source="document.corrections", many=True)
    body_html = serializers.CharField(help_text="Every section, rendered as on the page.")
    notes_html = serializers.CharField(help_text="The numbered notes list, rendered.")
    translations = TranslationSerializer(source="document.translations", many=True)

    def to_representation(self, article):
        article.document = self.document(article)
        return super().to_representation(article)

    def document(self, article):
        document = interchange.export(article, related_links=article.visible_related_links)
        sections = list(article.sections.all())
        numbering = rendering.numbered(article, sections, list(article.footnotes.all()))
        document["sections"] = [
            {
                **exported,
                "html": html,
                "figure": image(section.figure),
            }
            for exported, section, html in zip(
                document["sections"], sections, numbering.bodies, strict=True
            )
        ]
        document["read_also"] = [
            {
                "title": item.title,
                "url": item.url if item.external else absolute(self.context, item.url),
                "source": item.source,
                "external": item.external,
                "article_id": item.article_id,
            }
            for item in read_also.for_readers(article)
        ]
        document["translations"] = [
            {
                "id": other.pk,
                "language": other.language,
                "headline": other.headline,
                "url": absolute(self.context, other.get_absolute_url()),
                "api_url": api_url(self.context, other.pk),
            }
            for other in Article.objects.translations_of(article)
        ]
        return document


class TagSerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.CharField()
    articles = serializers.IntegerField(
        source="published_count", help_text="How many published articles carry the tag."
    )
    url = serializers.SerializerMethodField(help_text="The tag's page on the site.")

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, tag):
        return absolute(self.context, reverse("articles:tag", kwargs={"slug": tag.slug}))


class AuthorSerializer(TagSerializer):
    bio = serializers.CharField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, author):
        return absolute(self.context, author.get_absolute_url())


class ReadingListSerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.CharField()
    description = serializers.CharField()
    updated_at = serializers.DateTimeField()
    articles = ArticleSummarySerializer(
        source="published_articles", many=True, help_text="In the curators' order."
    )
