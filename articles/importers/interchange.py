"""
The interchange format ``newsroom.article/1``: one JSON document per article.

``export`` writes an article as a document, ``validate`` checks a document's
shape (any mistake is an ImportFailed naming the field), and ``save`` creates or
updates the article it describes, in one transaction. Export, import into an
empty database and export again gives the same documents. Documents written before the
dek was called ``dek`` (it was ``subhead``) are still read.
"""

import datetime
import re

import reversion
from django.db import transaction
from django.db.models import Prefetch, prefetch_related_objects
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from .. import footnotes, sanitize, workflow
from ..models import (
    FOOTNOTE_YEARS,
    Article,
    Author,
    Correction,
    Footnote,
    Picture,
    Section,
)
from . import ImportFailed, linking, saved_pictures
from .saved_pictures import PICTURE_TEXTS

FORMAT = "newsroom.article/1"
# Fields renamed since the format began, by their old name: documents written before still import.
RENAMED = {"subhead": "dek"}
STRING_FIELDS = ["headline", "dek", "slug", "kind", "language", "status"]
NOTE_FIELDS = ["key", "authors", "title", "container", "url", "note"]


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


# Reading


def _require(condition, message):
    if not condition:
        raise ImportFailed(message)


def _text(value, name, required=False):
    _require(
        value is None or isinstance(value, str), _("“%(name)s” must be text.") % {"name": name}
    )
    # PostgreSQL refuses NUL in text, and no reader sees one.
    value = (value or "").replace("\x00", "").strip()
    _require(value or not required, _("“%(name)s” is missing or empty.") % {"name": name})
    return value


def _list_of_objects(doc, name):
    value = doc.get(name) or []
    _require(isinstance(value, list), _("“%(name)s” must be a list.") % {"name": name})
    _require(
        all(isinstance(item, dict) for item in value),
        _("each item of “%(name)s” must be an object.") % {"name": name},
    )
    return value


def _moment(value, name):
    if value in (None, ""):
        return None
    # Already read (validate() may see its own output again) or still text.
    moment = value if isinstance(value, datetime.datetime) else None
    if isinstance(value, str):
        moment = parse_datetime(value)
    _require(
        moment is not None,
        _("“%(name)s” must be a date and time like 2026-11-29T09:00:00+09:00.") % {"name": name},
    )
    _require(
        moment.tzinfo is not None, _("“%(name)s” must include its time zone.") % {"name": name}
    )
    return moment


def validate(doc):
    """A clean copy of ``doc``, or ImportFailed naming the first problem."""
    _require(isinstance(doc, dict), _("the document must be a JSON object."))
    for old, new in RENAMED.items():
        if old in doc and new not in doc:
            doc = {**doc, new: doc[old]}
    _require(doc.get("format") == FORMAT, _("“format” must be “%(format)s”.") % {"format": FORMAT})
    clean = {"format": FORMAT}
    for name in STRING_FIELDS:
        clean[name] = _text(doc.get(name), name, required=name == "headline")
    clean["kind"] = clean["kind"] or Article.Kind.NEWS
    _require(
        clean["kind"] in Article.Kind.values,
        _("“%(name)s” must be one of %(values)s.")
        % {"name": "kind", "values": ", ".join(Article.Kind.values)},
    )
    clean["language"] = clean["language"] or "en"
    languages = [code for code, _name in Article._meta.get_field("language").choices]
    _require(
        clean["language"] in languages,
        _("“%(name)s” must be one of %(values)s.")
        % {"name": "language", "values": ", ".join(languages)},
    )
    clean["status"] = clean["status"] or Article.Status.DRAFT
    _require(
        clean["status"] in Article.Status.values,
        _("“%(name)s” must be one of %(values)s.")
        % {"name": "status", "values": ", ".join(Article.Status.values)},
    )
    for name in ["authors", "tags"]:
        values = doc.get(name) or []
        _require(
            isinstance(values, list) and all(isinstance(v, str) for v in values),
            _("“%(name)s” must be a list of names.") % {"name": name},
        )
        clean[name] = [v.strip() for v in values if v.strip()]
    clean["lead_image"] = _picture(doc.get("lead_image"), "lead_image")
    clean["sections"] = [
        {
            "heading": _text(s.get("heading"), "sections.heading"),
            "body": sanitize.clean_html(_text(s.get("body"), "sections.body")),
            "figure": _picture(s.get("figure"), "sections.figure"),
        }
        for s in _list_of_objects(doc, "sections")
    ]
    clean["footnotes"] = [_footnote(note) for note in _list_of_objects(doc, "footnotes")]
    keys = [note["key"] for note in clean["footnotes"]]
    duplicate = next((key for key in keys if keys.count(key) > 1), None)
    _require(duplicate is None, _("two footnotes have the key “%(key)s”.") % {"key": duplicate})
    for section in clean["sections"]:
        bad = footnotes.bad_markers(section["body"])
        _require(
            not bad,
            _(
                "a section has “%(text)s”, which readers would see as it is: a citation is a "
                "footnote's key in brackets, letters, digits and hyphens, like [^kim2021]."
            )
            % {"text": bad[0].text if bad else ""},
        )
        missing = [key for key in footnotes.cited_keys(section["body"]) if key not in keys]
        _require(
            not missing,
            _("a section cites [^%(key)s], but no footnote has that key.")
            % {"key": missing[0] if missing else ""},
        )
    clean["related"] = [
        {
            "title": _text(link.get("title"), "related.title"),
            "url": sanitize.safe_url(_text(link.get("url"), "related.url")) or None,
            "article": _text(link.get("article"), "related.article") or None,
        }
        for link in _list_of_objects(doc, "related")
    ]
    clean["corrections"] = [
        {
            "kind": _text(c.get("kind"), "corrections.kind") or Correction.Kind.CORRECTION,
            "text": _text(c.get("text"), "corrections.text", required=True),
            "date": _moment(c.get("date"), "corrections.date"),
        }
        for c in _list_of_objects(doc, "corrections")
    ]
    clean["published_at"] = _moment(doc.get("published_at"), "published_at")
    clean["updated_at"] = _moment(doc.get("updated_at"), "updated_at")
    _require(
        not clean["updated_at"]
        or clean["published_at"]
        and clean["updated_at"] >= clean["published_at"],
        _("“updated_at” must be a moment after “published_at”."),
    )
    return clean


def _picture(image, name):
    """A picture's clean words and ``src`` (an http or https address, or None); None for null."""
    _require(
        image is None or isinstance(image, dict),
        _("“%(name)s” must be an object or null.") % {"name": name},
    )
    if image is None:
        return None
    clean = {key: _text(image.get(key), f"{name}.{key}") for key in PICTURE_TEXTS}
    for key in PICTURE_TEXTS:
        most = Picture._meta.get_field(key).max_length
        _require(
            most is None or len(clean[key]) <= most,
            _("“%(name)s” may be at most %(most)s characters.")
            % {"name": f"{name}.{key}", "most": most},
        )
    clean["src"] = sanitize.safe_url(_text(image.get("src"), f"{name}.src")) or None
    return clean


def _footnote(note):
    clean = {name: _text(note.get(name), f"footnotes.{name}") for name in NOTE_FIELDS}
    _require(
        re.fullmatch(r"[\w-]+", clean["key"]),
        _("each footnote needs a key of letters, digits, - or _."),
    )
    clean["title"] = clean["title"] or _text(note.get("citation"), "footnotes.citation")
    _require(clean["title"], _("footnote “%(key)s” has no title.") % {"key": clean["key"]})
    year = note.get("year")
    _require(
        year is None or type(year) is int and year in FOOTNOTE_YEARS,
        _("footnote “%(key)s”: “%(name)s” must be a whole number from %(first)d to %(last)d.")
        % {
            "key": clean["key"],
            "name": "year",
            "first": FOOTNOTE_YEARS.start,
            "last": FOOTNOTE_YEARS.stop - 1,
        },
    )
    clean["year"] = year
    accessed = note.get("accessed")
    if isinstance(accessed, str):
        accessed = parse_date(accessed) if accessed else None
    _require(
        accessed is None or isinstance(accessed, datetime.date),
        _("footnote “%(key)s”: “%(name)s” must be a date like 2026-10-02.")
        % {"key": clean["key"], "name": "accessed"},
    )
    clean["accessed"] = accessed
    clean["url"] = sanitize.safe_url(clean["url"])
    return clean


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
    Article.objects.filter(pk=article.pk).update(updated_at=moment)
    article.updated_at = moment


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
