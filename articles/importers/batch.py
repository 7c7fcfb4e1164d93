"""Importing files and folders: each file in its own transaction, a summary at the end."""

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from .. import planner_statistics
from ..models import Article, Author
from . import ImportFailed, interchange, linking, sources

CREATED, UPDATED = "created", "updated"  # outcomes for progress(); a failure is its message


@dataclass
class Summary:
    created: int = 0
    updated: int = 0
    failed: list = field(default_factory=list)  # (file name, reason)
    warnings: list = field(default_factory=list)  # (file name, warning)
    authors_created: int = 0
    pictures: int = 0  # lead images and figures
    footnotes: int = 0

    @property
    def total(self):
        return self.created + self.updated + len(self.failed)


def files_in(path):
    """The files to import under ``path``, hidden ones left out, in name order."""
    if path.is_file():
        return [path]
    return sorted(
        p
        for p in path.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
    )


def import_path(
    path, publish=False, lenient=False, progress=lambda done, total, name, outcome: None
):
    path = Path(path)
    files = files_in(path)
    summary, saved = Summary(), []
    authors_before = Author.objects.count()
    for done, file in enumerate(files, start=1):
        name = file.name if path.is_file() else file.relative_to(path).as_posix()
        try:
            source = sources.read(name, file.read_bytes(), lenient=lenient)
            article, created = interchange.save(
                source.document, source_ref=source.ref, publish=publish
            )
        except ImportFailed as failure:
            summary.failed.append((name, str(failure)))
            progress(done, len(files), name, _("failed: %(reason)s") % {"reason": failure})
            continue
        # Only the key and links are kept, so memory stays small however many files there are.
        saved.append((article.pk, source.document["related"]))
        summary.warnings.extend((name, warning) for warning in source.warnings)
        summary.pictures += interchange.pictures_in(source.document)
        summary.footnotes += len(source.document["footnotes"])
        summary.created += created
        summary.updated += not created
        progress(done, len(files), name, CREATED if created else UPDATED)
    # Links between articles of one import resolve once all of them exist.
    with transaction.atomic():
        for pk, related in saved:
            if related:
                linking.link_related(Article.objects.get(pk=pk), related)
    summary.authors_created = Author.objects.count() - authors_before
    if saved:
        planner_statistics.refresh()
    return summary
