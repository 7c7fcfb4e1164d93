"""
Backing up everything readers see, and rebuilding the site from a backup.

A backup is a folder:

    manifest.json        the format, the time and what it holds; written last, so a backup
                         that stopped halfway has none and cannot be restored
    site.json            authors, tags, reading lists, old addresses, and for each article
                         what its document leaves out: pictures, bylines and tags by slug,
                         times
    articles/SLUG.json   each article as a newsroom.article/1 document
    media/...            every picture and rendition, at its name in storage

``restore`` rebuilds all of it in an empty database, in one transaction, with the same
slugs, times and picture names, so every public page comes back as it was.
"""

import contextlib
import datetime
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy
from taggit.models import Tag

from . import images, planner_statistics
from .importers import ImportFailed, interchange
from .models import (
    Article,
    Author,
    Byline,
    FormerAddress,
    ReadingList,
    ReadingListItem,
    RelatedLink,
    Section,
    SiteVersion,
    TaggedArticle,
    TagRedirect,
)

FORMAT = "newsroom.backup/1"
# A section's figure besides its picture's name.
FIGURE_FIELDS = [
    "image_renditions",
    "image_alt",
    "image_decorative",
    "image_caption",
    "image_credit",
]
COUNTED = {
    "articles": ngettext_lazy("%(count)s article", "%(count)s articles", "count"),
    "authors": ngettext_lazy("%(count)s author", "%(count)s authors", "count"),
    "tags": ngettext_lazy("%(count)s tag", "%(count)s tags", "count"),
    "reading_lists": ngettext_lazy("%(count)s reading list", "%(count)s reading lists", "count"),
    "tag_redirects": ngettext_lazy("%(count)s tag redirect", "%(count)s tag redirects", "count"),
    "former_addresses": ngettext_lazy(
        "%(count)s former address", "%(count)s former addresses", "count"
    ),
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
        "media_files": media_files,
    }


def _iso(moment):
    return moment.isoformat() if moment else None


def _moment(text):
    return datetime.datetime.fromisoformat(text) if text else None


def _write_json(path, data):
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _article_path(folder, slug):
    # The slug names a file: one that could reach outside the folder is refused.
    if not slug or slug in {".", ".."} or "/" in slug:
        raise BackupError(_("The article slug “%(slug)s” cannot name a file.") % {"slug": slug})
    return folder / "articles" / f"{slug}.json"


# Writing


def write(folder, progress=_no_progress):
    """Back up the site into ``folder``, which must be new or empty. Returns a Result."""
    folder = Path(folder)
    _require_empty_folder(folder)
    (folder / "articles").mkdir(parents=True)
    articles = Article.objects.order_by("pk")
    total = articles.count()
    extras, media = [], set()
    for done, article in enumerate(articles.iterator(), start=1):
        _write_json(_article_path(folder, article.slug), interchange.export(article))
        extras.append(_article_extras(article))
        media.update(_media_names(article))
        progress(done, total, _("articles"))
    _write_json(folder / "site.json", {**_site(), "articles": extras})
    copied, missing = _copy_media_out(sorted(media), folder / "media", progress)
    result = Result(_counts(copied), missing)
    _write_json(
        folder / "manifest.json",
        {"format": FORMAT, "created_at": timezone.now().isoformat(), "counts": result.counts},
    )
    return result


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
    return {
        "slug": article.slug,
        "authors": [byline.author.slug for byline in article.bylines.select_related("author")],
        # In the order they were added, which is how taggit lists an article's tags.
        "tags": [tag.slug for tag in article.tags.all()],
        "lead_image": article.lead_image.name or "",
        "lead_image_renditions": article.lead_image_renditions,
        "lead_image_decorative": article.lead_image_decorative,
        "figures": [_figure(section) for section in article.sections.all()],
        "read_also_suggestions": article.read_also_suggestions,
        "source_ref": article.source_ref,
        "created_at": _iso(article.created_at),
        "updated_at": _iso(article.updated_at),
    }


def _figure(section):
    return {
        "image": section.image.name or "",
        **{name: getattr(section, name) for name in FIGURE_FIELDS},
    }


def _media_names(article):
    names = images.stored_names(article.lead_image.name, article.lead_image_renditions)
    for image, renditions in article.sections.values_list("image", "image_renditions"):
        names += images.stored_names(image, renditions)
    return names


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


# Restoring


def restore(folder, progress=_no_progress):
    """Rebuild the site from the backup in ``folder``, all or nothing. Returns a Result."""
    folder = Path(folder)
    _read_manifest(folder)
    _require_empty_database()
    site = _read_json(folder, "site.json")
    with _files_removed_on_failure() as stored, transaction.atomic():
        files = _copy_media_in(folder / "media", stored, progress)
        _restore_site(folder, site, progress)
    planner_statistics.refresh()
    return Result(_counts(files))


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


def _read_manifest(folder):
    if not (folder / "manifest.json").is_file():
        raise BackupError(
            _("%(folder)s has no manifest.json: it is not a finished backup.") % {"folder": folder}
        )
    manifest = _read_json(folder, "manifest.json")
    found = manifest.get("format") if isinstance(manifest, dict) else None
    if found != FORMAT:
        raise BackupError(
            _("%(folder)s holds a backup of format “%(found)s”, not “%(format)s”.")
            % {"folder": folder, "found": found, "format": FORMAT}
        )
    return manifest


def _require_empty_database():
    present = [
        (_("%(count)s articles"), Article.objects.count()),
        (_("%(count)s authors"), Author.objects.count()),
        (_("%(count)s tags"), Tag.objects.count()),
        (_("%(count)s reading lists"), ReadingList.objects.count()),
    ]
    found = ", ".join(label % {"count": count} for label, count in present if count)
    if found:
        raise BackupError(
            _("The database is not empty (%(found)s); restore needs an empty one.")
            % {"found": found}
        )


@contextlib.contextmanager
def _files_removed_on_failure():
    """Names of files stored meanwhile; deleted again if the restore fails."""
    stored = []
    try:
        yield stored
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise


def _copy_media_in(media_folder, stored, progress):
    files = sorted(p for p in media_folder.rglob("*") if p.is_file())
    for done, path in enumerate(files, start=1):
        name = path.relative_to(media_folder).as_posix()
        if not _already_stored(name, path):
            with open(path, "rb") as content:
                saved = default_storage.save(name, File(content))
            stored.append(saved)
            # Another name would change the picture's URL on every page showing it.
            if saved != name:
                raise BackupError(
                    _("media/%(name)s: storage kept it as %(saved)s.")
                    % {"name": name, "saved": saved}
                )
        progress(done, len(files), _("media files"))
    return len(files)


def _already_stored(name, path):
    if not default_storage.exists(name):
        return False
    with default_storage.open(name, "rb") as existing:
        if existing.read() == path.read_bytes():
            return True
    raise BackupError(
        _("media/%(name)s: storage already holds a different file of that name.") % {"name": name}
    )


def _restore_site(folder, site, progress):
    authors = _created_by_slug(Author, site["authors"])
    tags = _created_by_slug(Tag, site["tags"])
    articles, related = {}, []
    for done, extras in enumerate(site["articles"], start=1):
        article, links = _restore_article(folder, extras, authors, tags)
        articles[article.slug] = article
        related.append((article, links))
        progress(done, len(site["articles"]), _("articles"))
    _restore_related(related, articles)
    for row in site["reading_lists"]:
        _restore_reading_list(row, articles)
    TagRedirect.objects.bulk_create(
        TagRedirect(old_slug=row["old_slug"], tag=tags[row["tag_slug"]])
        for row in site["tag_redirects"]
    )
    FormerAddress.objects.bulk_create(
        FormerAddress(path=row["path"], article=articles[row["article_slug"]])
        for row in site["former_addresses"]
    )
    # bulk_create() skips save(), which tells the page cache of every change.
    SiteVersion.bump()


def _created_by_slug(model, rows):
    # In the backup's order, so listings ordered by primary key come out the same.
    return {row.slug: row for row in model.objects.bulk_create(model(**fields) for fields in rows)}


def _restore_article(folder, extras, authors, tags):
    """The article of ``extras`` and its document, and the document's read-also links."""
    relative = _article_path(folder, extras["slug"]).relative_to(folder).as_posix()
    try:
        document = interchange.validate(_read_json(folder, relative))
        # Authors and tags are restored by slug below, links once every article exists.
        article, _created = interchange.save({**document, "authors": [], "tags": [], "related": []})
    except ImportFailed as failure:
        raise BackupError(f"{relative}: {failure}") from failure
    Byline.objects.bulk_create(
        Byline(article=article, author=authors[slug], order=order)
        for order, slug in enumerate(extras["authors"])
    )
    TaggedArticle.objects.bulk_create(
        TaggedArticle(content_object=article, tag=tags[slug]) for slug in extras["tags"]
    )
    _restore_figures(article, extras["figures"])
    # Last: every save above moved updated_at to now.
    Article.objects.filter(pk=article.pk).update(
        lead_image=extras["lead_image"],
        lead_image_renditions=extras["lead_image_renditions"],
        lead_image_decorative=extras["lead_image_decorative"],
        read_also_suggestions=extras["read_also_suggestions"],
        source_ref=extras["source_ref"],
        created_at=_moment(extras["created_at"]),
        updated_at=_moment(extras["updated_at"]),
    )
    return article, document["related"]


def _restore_figures(article, figures):
    sections = article.sections.values_list("pk", flat=True)
    pictured = [
        (pk, figure) for pk, figure in zip(sections, figures, strict=True) if any(figure.values())
    ]
    for pk, figure in pictured:
        Section.objects.filter(pk=pk).update(**figure)
    if pictured:
        article.refresh_body()  # a figure is part of the rendered body


def _restore_related(related, articles):
    RelatedLink.objects.bulk_create(
        RelatedLink(
            article=article,
            order=order,
            target=articles.get(link["article"]),
            title=link["title"],
            url=link["url"] or "",
        )
        for article, links in related
        for order, link in enumerate(links)
    )


def _restore_reading_list(row, articles):
    reading_list = ReadingList.objects.create(
        name=row["name"], slug=row["slug"], description=row["description"]
    )
    ReadingListItem.objects.bulk_create(
        ReadingListItem(reading_list=reading_list, article=articles[slug], order=order)
        for order, slug in enumerate(row["articles"])
    )
    reading_list.attached_to.add(*(articles[slug] for slug in row["attached_to"]))
    ReadingList.objects.filter(pk=reading_list.pk).update(updated_at=_moment(row["updated_at"]))
