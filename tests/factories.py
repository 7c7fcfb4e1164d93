"""Real rows for tests, saved through the models' own save()."""

import datetime
import io
import itertools

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from articles.models import Article, Author, Byline, Footnote, Picture, RelatedLink, Section

_counter = itertools.count(1)


def make_author(name=None, **fields):
    return Author.objects.create(name=name or f"Reporter {next(_counter)}", **fields)


def make_article(headline=None, *, published=True, hours_ago=1, **fields):
    fields.setdefault("dek", "A dek that says what the story is about.")
    if published:
        fields.setdefault("status", Article.Status.PUBLISHED)
        fields.setdefault("published_at", timezone.now() - datetime.timedelta(hours=hours_ago))
    article = Article(headline=headline or f"Headline number {next(_counter)}", **fields)
    article.save()
    return article


def make_picture(file=None, **fields):
    """A picture of the library; an upload given as ``file`` is cleaned and rendered."""
    picture = Picture(file=file, **fields)
    picture.save()
    return picture


def add_section(article, body, heading="", order=None):
    order = article.sections.count() if order is None else order
    section = Section(article=article, heading=heading, body=body, order=order)
    section.save()
    return section


def add_footnote(article, key, title=None, order=None, **fields):
    order = article.footnotes.count() if order is None else order
    note = Footnote(article=article, key=key, title=title or f"Source {key}", order=order, **fields)
    note.save()
    return note


def add_byline(article, author, order=0):
    return Byline.objects.create(article=article, author=author, order=order)


def add_link(article, target=None, order=None, **fields):
    order = article.related_links.count() if order is None else order
    link = RelatedLink(article=article, target=target, order=order, **fields)
    link.save()
    return link


def png_upload(name="picture.png", size=(64, 48)):
    """A real PNG file made by Pillow, as an upload."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 80, 40)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")
