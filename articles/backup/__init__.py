"""
Backing up everything readers see, and rebuilding the site from a backup.

A backup is a folder:

    manifest.json        the format, the time and what it holds; written last, so a backup
                         that stopped halfway has none and cannot be restored
    site.json            authors, tags, reading lists, old addresses, staff accounts and
                         partners' API keys (as hashes, see accounts.py), and for each
                         article what its document leaves out: pictures, bylines and tags
                         by slug, its translation, who created and last saved it, times
    articles/ID.json     each article as a newsroom.article/1 document, named by its id so
                         no slug, however long, makes a file name too long
    media/...            every picture and rendition, at its name in storage

``restore`` rebuilds all of it in an empty database, in one transaction, with the same
slugs, times and picture names, so every public page comes back as it was.
"""

import datetime
import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from django.core.files.storage import default_storage
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy
from taggit.models import Tag

from ..importers import ImportFailed, interchange
from ..models import (
    Article,
    Author,
    FormerAddress,
    Picture,
    ReadingList,
    TagRedirect,
)
from . import accounts

FORMAT = "newsroom.backup/1"
# A section's figure as the backup names it, and its picture's fields.
FIGURE_FIELDS = {
    "image_renditions": "renditions",
    "image_alt": "alt",
    "image_decorative": "decorative",
    "image_caption": "caption",
    "image_credit": "credit",
}
COUNTED = {
    "articles": ngettext_lazy("%(count)s article", "%(count)s articles", "count"),
    "authors": ngettext_lazy("%(count)s author", "%(count)s authors", "count"),
    "tags": ngettext_lazy("%(count)s tag", "%(count)s tags", "count"),
    "reading_lists": ngettext_lazy("%(count)s reading list", "%(count)s reading lists", "count"),
    "tag_redirects": ngettext_lazy("%(count)s tag redirect", "%(count)s tag redirects", "count"),
    "former_addresses": ngettext_lazy(
        "%(count)s former address", "%(count)s former addresses", "count"
    ),
    "users": ngettext_lazy("%(count)s user", "%(count)s users", "count"),
    "api_keys": ngettext_lazy("%(count)s API key", "%(count)s API keys", "count"),
    "media_files": ngettext_lazy("%(count)s media file", "%(count)s media files", "count"),
}


class BackupError(Exception):
    """A backup or restore cannot go on; the message says why, in one line."""


@dataclass
class Result:
    counts: dict
    missing: list = field(default_factory=list)  # media files the database names but storage lacks


def describe(counts):
    """``counts`` in words: "7 articles, 5 authors, … and 31 media files"."""
    parts = [counted % {"count": counts[key]} for key, counted in COUNTED.items()]
    return _("%(items)s and %(last)s") % {"items": ", ".join(parts[:-1]), "last": parts[-1]}


def _no_progress(done, total, noun):
    pass


def _counts(media_files):
    return {
        "articles": Article.objects.count(),
        "authors": Author.objects.count(),
        "tags": Tag.objects.count(),
        "reading_lists": ReadingList.objects.count(),
        "tag_redirects": TagRedirect.objects.count(),
        "former_addresses": FormerAddress.objects.count(),
        **accounts.counts(),
        "media_files": media_files,
    }


def _iso(moment):
    return moment.isoformat() if moment else None


def _moment(text):
    return datetime.datetime.fromisoformat(text) if text else None


def _write_json(path, data):
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _read_json(folder, relative):
    try:
        return json.loads((folder / relative).read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise BackupError(
            _("%(file)s: the file is missing from the backup.") % {"file": relative}
        ) from error
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BackupError(
            _("%(file)s: the file is not valid JSON (%(error)s).")
            % {"file": relative, "error": error}
        ) from error


def _document_name(article):
    return f"articles/{article.pk}.json"


def _document(folder, extras):
    """An article's document read back and validated as restore does, or BackupError."""
    relative = extras.get("document", "")
    # The name comes from the backup: one that could reach outside the folder is refused.
    if not re.fullmatch(r"articles/\d+\.json", relative):
        raise BackupError(
            _("The article “%(slug)s” names no document file.") % {"slug": extras.get("slug")}
        )
    try:
        return interchange.validate(_read_json(folder, relative))
    except ImportFailed as failure:
        raise BackupError(f"{relative}: {failure}") from failure


# Writing


def write(folder, progress=_no_progress):
    """Back up the site into ``folder``, which must be new or empty. Returns a Result."""
    folder = Path(folder)
    _require_empty_folder(folder)
    (folder / "articles").mkdir(parents=True)
    articles = Article.objects.order_by("pk").select_related(
        "translation_of", "created_by", "updated_by", "lead_picture"
    )
    total = articles.count()
    extras, media = [], set()
    for done, article in enumerate(articles.iterator(), start=1):
        _write_json(folder / _document_name(article), interchange.export(article))
        extras.append(_article_extras(article))
        media.update(_media_names(article))
        progress(done, total, _("articles"))
    _write_json(folder / "site.json", {**_site(), "articles": extras})
    _verify(folder, extras, progress)
    copied, missing = _copy_media_out(sorted(media), folder / "media", progress)
    result = Result(_counts(copied), missing)
    _write_json(
        folder / "manifest.json",
        {"format": FORMAT, "created_at": timezone.now().isoformat(), "counts": result.counts},
    )
    return result


def _verify(folder, extras, progress):
    """Read every document back as restore will: a backup it would refuse is no backup."""
    for done, row in enumerate(extras, start=1):
        try:
            _document(folder, row)
        except BackupError as error:
            raise BackupError(
                _("%(error)s The backup in %(folder)s could not be restored, so it is unfinished.")
                % {"error": error, "folder": folder}
            ) from error
        progress(done, len(extras), _("articles checked"))


def _require_empty_folder(folder):
    if folder.exists() and not folder.is_dir():
        raise BackupError(_("%(folder)s is a file, not a folder.") % {"folder": folder})
    if folder.exists() and any(folder.iterdir()):
        raise BackupError(
            _("%(folder)s is not empty; back up into a new or empty folder.") % {"folder": folder}
        )


def _site():
    return {
        "authors": list(Author.objects.order_by("pk").values("name", "slug", "bio")),
        "tags": list(Tag.objects.order_by("pk").values("name", "slug")),
        "tag_redirects": list(
            TagRedirect.objects.order_by("pk").values("old_slug", tag_slug=F("tag__slug"))
        ),
        "former_addresses": list(
            FormerAddress.objects.order_by("pk").values("path", article_slug=F("article__slug"))
        ),
        "reading_lists": [_reading_list(r) for r in ReadingList.objects.order_by("pk")],
        **accounts.dump(),
    }


def _reading_list(reading_list):
    return {
        "name": reading_list.name,
        "slug": reading_list.slug,
        "description": reading_list.description,
        "updated_at": _iso(reading_list.updated_at),
        "articles": [item.article.slug for item in reading_list.items.select_related("article")],
        "attached_to": list(reading_list.attached_to.order_by("pk").values_list("slug", flat=True)),
    }


def _article_extras(article):
    """What an article's newsroom.article/1 document does not carry."""
    lead = article.lead_picture
    return {
        "slug": article.slug,
        "document": _document_name(article),
        "authors": [byline.author.slug for byline in article.bylines.select_related("author")],
        # In the order they were added, which is how taggit lists an article's tags.
        "tags": [tag.slug for tag in article.tags.all()],
        "lead_image": lead.file.name if lead else "",
        "lead_image_renditions": lead.renditions if lead else {},
        "lead_image_decorative": lead.decorative if lead else False,
        "figures": [
            _figure(section.figure) for section in article.sections.select_related("figure")
        ],
        "read_also_suggestions": article.read_also_suggestions,
        "source_ref": article.source_ref,
        "translation_of": article.translation_of.slug if article.translation_of_id else None,
        "created_by": article.created_by.get_username() if article.created_by_id else None,
        "updated_by": article.updated_by.get_username() if article.updated_by_id else None,
        "created_at": _iso(article.created_at),
        "updated_at": _iso(article.updated_at),
    }


def _figure(picture):
    blank = Picture()
    return {
        "image": picture.file.name if picture else "",
        **{name: getattr(picture or blank, field) for name, field in FIGURE_FIELDS.items()},
    }


def _media_names(article):
    pictures = [
        article.lead_picture,
        *(s.figure for s in article.sections.select_related("figure")),
    ]
    return [name for picture in pictures if picture for name in picture.stored_names()]


def _copy_media_out(names, media_folder, progress):
    """Copy each stored file to ``media_folder``; returns (files copied, names missing)."""
    copied, missing = 0, []
    for done, name in enumerate(names, start=1):
        if default_storage.exists(name):
            _copy_out(name, media_folder / name)
            copied += 1
        else:
            missing.append(name)
        progress(done, len(names), _("media files"))
    return copied, missing


def _copy_out(name, target):
    target.parent.mkdir(parents=True, exist_ok=True)
    with default_storage.open(name, "rb") as source, open(target, "wb") as copy:
        shutil.copyfileobj(source, copy)
