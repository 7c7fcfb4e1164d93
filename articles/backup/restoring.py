"""Rebuilding the site from a backup folder, all or nothing (see the package's docstring)."""

import contextlib
from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _
from taggit.models import Tag

from .. import planner_statistics
from ..importers import interchange
from ..models import (
    Article,
    Author,
    Byline,
    FormerAddress,
    Picture,
    ReadingList,
    ReadingListItem,
    RelatedLink,
    Section,
    SiteVersion,
    TaggedArticle,
    TagRedirect,
)
from . import (
    COUNTED,
    FIGURE_FIELDS,
    FORMAT,
    BackupError,
    Result,
    _counts,
    _document,
    _moment,
    _no_progress,
    _read_json,
    accounts,
)


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
        *((COUNTED[name], count) for name, count in accounts.counts().items()),
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
    users = accounts.load(site)
    authors = _created_by_slug(Author, site["authors"])
    tags = _created_by_slug(Tag, site["tags"])
    articles, related = {}, []
    for done, extras in enumerate(site["articles"], start=1):
        article, links = _restore_article(folder, extras, authors, tags, users)
        articles[article.slug] = article
        related.append((article, links))
        progress(done, len(site["articles"]), _("articles"))
    _restore_related(related, articles)
    for extras in site["articles"]:
        if extras.get("translation_of"):
            Article.objects.filter(pk=articles[extras["slug"]].pk).update(
                translation_of=articles[extras["translation_of"]]
            )
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
    SiteVersion.changed()


def _created_by_slug(model, rows):
    # In the backup's order, so listings ordered by primary key come out the same.
    return {row.slug: row for row in model.objects.bulk_create(model(**fields) for fields in rows)}


def _restore_article(folder, extras, authors, tags, users):
    """The article of ``extras`` and its document, and the document's read-also links."""
    document = _document(folder, extras)
    # Authors and tags are restored by slug below, links once every article exists.
    article, _created = interchange.save({**document, "authors": [], "tags": [], "related": []})
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
        lead_picture=_lead_picture(article.lead_picture, extras),
        read_also_suggestions=extras["read_also_suggestions"],
        source_ref=extras["source_ref"],
        created_by=users.get(extras.get("created_by")),
        updated_by=users.get(extras.get("updated_by")),
        created_at=_moment(extras["created_at"]),
        updated_at=_moment(extras["updated_at"]),
    )
    return article, document["related"]


def _lead_picture(picture, extras):
    """The lead picture restored from its document's words, with its file as backed up."""
    if not extras["lead_image"]:
        return picture
    picture = picture or Picture()
    picture.file = extras["lead_image"]
    picture.renditions = extras["lead_image_renditions"]
    picture.decorative = extras["lead_image_decorative"]
    picture.save()
    return picture


def _restore_figures(article, figures):
    sections = article.sections.values_list("pk", flat=True)
    pictured = [
        (pk, figure) for pk, figure in zip(sections, figures, strict=True) if any(figure.values())
    ]
    for pk, figure in pictured:
        picture = Picture.objects.create(
            file=figure["image"],
            **{field: figure[name] for name, field in FIGURE_FIELDS.items()},
        )
        Section.objects.filter(pk=pk).update(figure=picture)
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
