"""
Backing up the whole site, and rebuilding it from a backup.

A backup is a folder:

    manifest.json              the format, the time, whether accounts are in it, and each
                               table's file and row count; written last, so a backup that
                               stopped halfway has none and cannot be restored
    data/<app>.<model>.jsonl   one table's rows, a row a line, in Django's JSON Lines
                               serialisation with natural keys (contents.py lists the tables)
    media/...                  every file in media storage (pictures, renditions, the
                               pictures old revisions show), at its name in storage

The rows are Django's serialisation, as ``dumpdata`` writes it, and every model of the
articles app is in it without naming it: articles and all their parts, authors, reading
lists, redirects, the site's version; with them roles, staff accounts (password hashes),
tags, django-reversion's revisions and partners' API keys (hashes). Rows keep their ids,
so revisions, preview links and API addresses stay valid; users, roles, tags, content
types and permissions are named by natural key, so revisions and roles point to the same
things in a database that numbered its content types differently.

What ``dumpdata``/``loaddata`` alone do not do, and this package does around them: copy
the media files out and in (and take them away again if the restore fails); read every
row back with the restore's checks (``contents.check``) before calling a backup finished;
refuse to restore into a database that has content, or from a folder without a manifest
or of another format; leave out the derived search vectors and rebuild the full-text
index (on SQLite a table Django does not know); tell cached pages the site changed;
count and report progress.
"""

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import contents
from .contents import BackupError

__all__ = ["BackupError", "Result", "describe", "write"]

FORMAT = "newsroom.backup/3"
MEDIA = "media_files"


@dataclass
class Result:
    counts: dict  # rows by model label, and files as MEDIA
    missing: list = field(default_factory=list)  # media files the database names but storage lacks


def describe(counts):
    """``counts`` in words: "7 articles, 5 authors, … and 31 media files"."""
    parts = [_counted(label, count) for label, count in counts.items() if count or label == MEDIA]
    if len(parts) == 1:
        return parts[0]
    return _("%(items)s and %(last)s") % {"items": ", ".join(parts[:-1]), "last": parts[-1]}


def _counted(label, count):
    if label == MEDIA:
        return ngettext("%(count)s media file", "%(count)s media files", count) % {"count": count}
    meta = apps.get_model(label)._meta
    return f"{count} {meta.verbose_name if count == 1 else meta.verbose_name_plural}"


def _no_progress(done, total, noun):
    pass


def write(folder, progress=_no_progress, accounts=True):
    """
    Back up the site into ``folder``, which must be new or empty; without ``accounts``,
    no staff account or API key. Returns a Result.
    """
    folder = Path(folder)
    # Natural keys name content types: none may come from a cache of another database's.
    ContentType.objects.clear_cache()
    _require_empty_folder(folder)
    (folder / "data").mkdir(parents=True)
    tables = contents.tables(accounts)
    counts = {}
    for table in tables:
        with open(folder / table.file, "w", encoding="utf-8") as stream:
            counts[table.label] = contents.write_rows(table, stream, accounts, progress)
    _verify(folder, tables, counts, progress)
    copied = _copy_media_out(folder / "media", progress)
    missing = sorted(set().union(*map(contents.file_names, tables)) - set(copied))
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "accounts": accounts,
        "tables": [{"model": t.label, "file": t.file, "count": counts[t.label]} for t in tables],
        MEDIA: len(copied),
    }
    contents.write_json(folder / "manifest.json", manifest)
    return Result({**counts, MEDIA: len(copied)}, missing)


def _verify(folder, tables, counts, progress):
    """Read every row back as restore will: a backup it would refuse is no backup."""
    for table in tables:
        total, noun = counts[table.label], _("%(rows)s checked") % {"rows": table.name}
        try:
            for done, _row in enumerate(contents.read_rows(folder, table), start=1):
                if done % 500 == 0 or done == total:
                    progress(done, total, noun)
        except BackupError as error:
            raise BackupError(
                _("%(error)s The backup in %(folder)s could not be restored, so it is unfinished.")
                % {"error": error, "folder": folder}
            ) from error


def _require_empty_folder(folder):
    if folder.exists() and not folder.is_dir():
        raise BackupError(_("%(folder)s is a file, not a folder.") % {"folder": folder})
    if folder.exists() and any(folder.iterdir()):
        raise BackupError(
            _("%(folder)s is not empty; back up into a new or empty folder.") % {"folder": folder}
        )


def stored_files(directory=""):
    """Every file in media storage, by name, on the file system as on object storage."""
    try:
        directories, files = default_storage.listdir(directory)
    except FileNotFoundError:
        return []
    prefix = f"{directory}/" if directory else ""
    names = [prefix + name for name in files]
    for name in directories:
        names += stored_files(prefix + name)
    return sorted(names)


def _copy_media_out(media_folder, progress):
    """Copy every stored file to ``media_folder``; returns their names."""
    names = stored_files()
    for done, name in enumerate(names, start=1):
        target = media_folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as source, open(target, "wb") as copy:
            shutil.copyfileobj(source, copy)
        progress(done, len(names), _("media files"))
    return names
