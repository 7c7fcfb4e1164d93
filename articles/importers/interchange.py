"""
The interchange format ``newsroom.article/1``: one JSON document per article.

``export`` writes an article as a document, ``validate`` (validation.py) checks a
document's shape (any mistake is an ImportFailed naming the field), and ``save`` creates or
updates the article it describes, in one transaction. Export, import into an
empty database and export again gives the same documents. Documents written before the
dek was called ``dek`` (it was ``subhead``) are still read.
"""

import datetime

import reversion
from django.db import transaction
from django.db.models import Prefetch, prefetch_related_objects
from django.utils.translation import gettext as _

from .. import footnotes, workflow
from ..models import (
    Article,
    Author,
    Correction,
    Footnote,
    Section,
)
from . import linking, saved_pictures
from .saved_pictures import PICTURE_TEXTS
from .validation import FORMAT, validate

# Writing


def citation_text(note):
    """A reference as usually written: Authors (Year). Title. Publisher. Retrieved from URL"""
    parts = []
    if note.authors:
        parts.append(f"{note.authors} ({note.year})." if note.year else f"{note.authors}.")
    parts.append(f"{note.title}.")
    if note.container:
        parts.append(f"{note.container}.")
    if note.url:
        parts.append(f"Retrieved from {note.url}")
    return " ".join(parts)


def export(article, related_links=None):
    """
    ``article`` as a document; ``related_links`` replaces its read-also links (all of them,
    drafts included, by default: an export is for the newsroom, not for readers).
    """
    if related_links is None:
        related_links = article.related_links.select_related("target")
    # One query for the sections and their figures, none when the caller prefetched them.
    prefetch_related_objects(
        [article], Prefetch("sections", queryset=Section.objects.select_related("figure"))
    )
    sections = list(article.sections.all())
    notes = list(article.footnotes.all())
    numbering = footnotes.number_notes([s.body for s in sections], notes)
    numbers = {entry.key: entry.number for entry in numbering.notes}
    picture = article.lead_picture
    return {
        "format": FORMAT,
        "headline": article.headline,
        "dek": article.dek,
        "slug": article.slug,
        "kind": article.kind,
        "language": article.language,
        "authors": [author.name for author in article.ordered_authors],
        "tags": sorted(tag.name for tag in article.tags.all()),
        "lead_image": _picture_document(picture),
        "sections": [
            {"heading": s.heading, "body": s.body, "figure": _picture_document(s.figure)}
            for s in sections
        ],
        "footnotes": [
            {
                "key": note.key,
                "number": numbers.get(note.key),
                "citation": citation_text(note),
                "authors": note.authors,
                "year": note.year,
                "title": note.title,
                "container": note.container,
                "url": note.url,
                "accessed": note.accessed.isoformat() if note.accessed else None,
                "note": note.note,
            }
            for note in notes
        ],
        "related": [
            {
                "title": link.link_text,
                "url": link.url or None,
                "article": link.target.slug if link.target_id else None,
            }
            for link in related_links
        ],
        "corrections": [
            {"kind": c.kind, "text": c.text, "date": c.created_at.isoformat()}
            for c in article.corrections.all()
        ],
        "status": article.status,
        "published_at": article.published_at.isoformat() if article.published_at else None,
        # What readers are told: an edit soon after publication is not an update.
        "updated_at": article.updated_at.isoformat() if article.saved_after_publication else None,
    }


def _picture_document(picture):
    if picture is None:
        return None
    return {**{key: getattr(picture, key) for key in PICTURE_TEXTS}, "src": None}


def pictures_in(doc):
    """How many pictures a document carries: its lead image and its sections' figures."""
    figures = sum(section.get("figure") is not None for section in doc["sections"])
    return (doc.get("lead_image") is not None) + figures


def as_document(clean):
    """A validated document back in its JSON form, footnote numbers included."""
    numbering = footnotes.number_notes(
        [section["body"] for section in clean["sections"]],
        clean["footnotes"],
        key=lambda note: note["key"],
    )
    numbers = {entry.key: entry.number for entry in numbering.notes}

    def iso(value):
        return value.isoformat() if value else None

    return {
        **clean,
        "footnotes": [
            {**note, "number": numbers[note["key"]], "accessed": iso(note["accessed"])}
            for note in clean["footnotes"]
        ],
        "corrections": [{**c, "date": iso(c["date"])} for c in clean["corrections"]],
        "published_at": iso(clean["published_at"]),
        "updated_at": iso(clean["updated_at"]),
    }


# Saving


def find_match(doc, source_ref=""):
    """
    The article a validated document already is: the one imported from the same source,
    else, for a document that names its slug, the article of that slug.
    """
    found = Article.objects.filter(source_ref=source_ref).first() if source_ref else None
    if found is None and doc["slug"]:
        found = Article.objects.filter(slug=doc["slug"]).first()
    return found


MATCH = object()  # save()'s default target: the article find_match() gives, if any


@transaction.atomic
def save(doc, source_ref="", publish=False, by=None, target=MATCH):
    """
    Create or update the article ``doc`` describes, as the user ``by`` when given.
    ``target`` is the article to replace, None for a new one, or by default the one the
    document matches. A replaced article is recorded as a revision first. Returns
    (article, created).
    """
    doc = validate(doc)
    article = find_match(doc, source_ref) if target is MATCH else target
    created = article is None
    if created:
        article = Article(source_ref=_unclaimed(source_ref))
        taken = doc["slug"] and Article.objects.filter(slug=doc["slug"]).exists()
        article.slug = "" if taken else doc["slug"]
    else:
        record_revision(article, by, _("As it was before an import replaced it"))
        article.slug = doc["slug"] or article.slug
    article.headline = doc["headline"]
    article.dek = doc["dek"]
    article.kind = doc["kind"]
    article.language = doc["language"]
    article.lead_picture = saved_pictures.lead(article.lead_picture, doc["lead_image"] or {})
    figures = saved_pictures.figures(article, doc["sections"])
    article.status = doc["status"]
    article.published_at = doc["published_at"]
    if publish:
        workflow.move(article, workflow.PUBLISH, at=doc["published_at"])
    if by is not None:
        article.created_by = article.created_by if article.pk else by
        article.updated_by = by
    # The body is rendered once, below, after its sections and footnotes.
    article.save(render=False)
    article.tags.set(doc["tags"], clear=True)
    article.bylines.all().delete()
    may_add_authors = by is None or by.has_perm("articles.add_author")
    for order, name in enumerate(doc["authors"]):
        author = Author.objects.filter(name=name).first()
        if author is None and may_add_authors:
            author = Author.objects.create(name=name)
        if author is not None:
            article.bylines.create(author=author, order=order)
    with article.rendering_once():
        article.sections.all().delete()
        article.footnotes.all().delete()
        for order, (section, figure) in enumerate(zip(doc["sections"], figures, strict=True)):
            Section(
                article=article,
                order=order,
                heading=section["heading"],
                body=section["body"],
                figure=figure,
            ).save()
        for order, note in enumerate(doc["footnotes"]):
            Footnote(article=article, order=order, **note).save()
    article.corrections.all().delete()
    for correction in doc["corrections"]:
        Correction.objects.create(
            article=article,
            kind=correction["kind"],
            text=correction["text"],
            created_at=correction["date"] or datetime.datetime.now(datetime.UTC),
        )
    linking.link_related(article, doc["related"])
    _date_update(article, doc)
    return article, created


def _date_update(article, doc):
    """
    The article's update time as the document gives it; a document published in the past
    without one was not updated since (an archive's article, not one edited at import time).
    Set last, since every save above moved it to now.
    """
    moment = doc["updated_at"] or doc["published_at"]
    if moment is None or moment > datetime.datetime.now(datetime.UTC):
        return
    article.backdate(moment)


def _unclaimed(source_ref):
    """``source_ref`` for a new article, unless another article already has it."""
    if not source_ref or Article.objects.filter(source_ref=source_ref).exists():
        return None
    return source_ref


def record_revision(article, by, comment):
    """A revision of ``article`` with its parts as stored now, so it can be restored."""
    with reversion.create_revision(manage_manually=True):
        reversion.add_to_revision(Article.objects.get(pk=article.pk))
        reversion.set_user(by)
        reversion.set_comment(comment)
