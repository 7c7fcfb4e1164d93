"""Rebuilding the site from a backup folder, all or nothing (see the package's docstring)."""

import contextlib
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.db import DatabaseError, connection, transaction
from django.utils.translation import gettext as _

from .. import planner_statistics, search
from ..models import Article, SitemapFile, SiteVersion
from . import FORMAT, MEDIA, Result, _counted, _no_progress, contents
from .contents import MADE_BY_MIGRATIONS, BackupError


def restore(folder, progress=_no_progress):
    """Rebuild the site from the backup in ``folder``, all or nothing. Returns a Result."""
    folder = Path(folder)
    # Natural keys name content types: none may come from a cache of another database's.
    ContentType.objects.clear_cache()
    tables = _tables(_read_manifest(folder))
    _require_empty_database(tables)
    counts = {}
    try:
        with _files_removed_on_failure() as stored, transaction.atomic():
            files = _copy_media_in(folder / "media", stored, progress)
            for table, count in tables:
                counts[table.label] = _load(folder, table, count, progress)
            # Rows came with their ids: new ones must be numbered after them.
            for statement in connection.ops.sequence_reset_sql(
                no_style(), [table.model for table, _count in tables]
            ):
                with connection.cursor() as cursor:
                    cursor.execute(statement)
            _index_for_search()
            # The rows were written as stored, past save(), which tells cached pages and
            # keeps the sitemap's files.
            SitemapFile.objects.rebuild()
            SiteVersion.changed()
    except DatabaseError as error:
        raise BackupError(
            _("The backup's rows do not fit together (%(error)s); nothing was restored.")
            % {"error": str(error).strip()}
        ) from error
    planner_statistics.refresh()
    return Result({**counts, MEDIA: files})


def _read_manifest(folder):
    if not (folder / "manifest.json").is_file():
        raise BackupError(
            _("%(folder)s has no manifest.json: it is not a finished backup.") % {"folder": folder}
        )
    manifest = contents.read_json(folder, "manifest.json")
    found = manifest.get("format") if isinstance(manifest, dict) else None
    if found != FORMAT:
        raise BackupError(
            _("%(folder)s holds a backup of format “%(found)s”, not “%(format)s”.")
            % {"folder": folder, "found": found, "format": FORMAT}
        )
    return manifest


def _tables(manifest):
    """The manifest's tables with their row counts, in its order."""
    tables = []
    for entry in manifest.get("tables", []):
        table = contents.table_named(entry.get("model"))
        # The name comes from the backup: one that could reach outside the folder is refused.
        if entry.get("file") != table.file or not isinstance(entry.get("count"), int):
            raise BackupError(
                _("The manifest's entry for “%(label)s” is not one backup writes.")
                % {"label": table.label}
            )
        tables.append((table, entry["count"]))
    return tables


def _require_empty_database(tables):
    present = [
        (table.label, table.model._default_manager.count())
        for table, _count in tables
        if table.label not in MADE_BY_MIGRATIONS
    ]
    found = ", ".join(_counted(label, count) for label, count in present if count)
    if found:
        raise BackupError(
            _("The database is not empty (%(found)s); restore needs an empty one.")
            % {"found": found}
        )


def _load(folder, table, count, progress):
    done = 0
    for done, row in enumerate(contents.read_rows(folder, table), start=1):
        row.save()
        if done % 500 == 0 or done == count:
            progress(done, count, table.name)
    return done


def _index_for_search():
    articles = Article.objects.only("headline", "dek", "body_text").order_by("pk")
    batch = []
    for article in articles.iterator(chunk_size=500):
        batch.append(article)
        if len(batch) == 500:
            search.index_many(batch)
            batch = []
    search.index_many(batch)
    search.keep_window(Article)


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
