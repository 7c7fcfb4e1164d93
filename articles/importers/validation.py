"""
Checking a ``newsroom.article/1`` document: ``validate`` gives a clean copy of it, or
ImportFailed naming the first field that is wrong.
"""

import datetime
import re

from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from .. import footnotes, sanitize
from ..models import (
    FOOTNOTE_YEARS,
    Article,
    Correction,
    Picture,
)
from . import ImportFailed
from .saved_pictures import PICTURE_TEXTS

FORMAT = "newsroom.article/1"
# Fields renamed since the format began, by their old name: documents written before still import.
RENAMED = {"subhead": "dek"}
STRING_FIELDS = ["headline", "dek", "slug", "kind", "language", "status"]
NOTE_FIELDS = ["key", "authors", "title", "container", "url", "note"]


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
