"""Importing files and folders: each file in its own transaction, a summary at the end."""

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from .. import planner_statistics
from . import ImportFailed, interchange, sources

CREATED, UPDATED = "created", "updated"  # outcomes for progress(); a failure is its message


@dataclass
class Summary:
    created: int = 0
    updated: int = 0
    failed: list = field(default_factory=list)  # (file name, reason)

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


def source_ref(path, root):
    """Importing the same file again, from the same place in the archive, updates its article."""
    relative = path.name if path == root else path.relative_to(root).as_posix()
    return f"file:{relative}"


def import_path(path, publish=False, progress=lambda done, total, name, outcome: None):
    path = Path(path)
    files = files_in(path)
    summary, saved = Summary(), []
    for done, file in enumerate(files, start=1):
        name = file.name if path.is_file() else file.relative_to(path).as_posix()
        try:
            source = sources.read(name, file.read_bytes())
            ref = "" if source.kind == sources.JSON else source_ref(file, path)
            article, created = interchange.save(source.document, source_ref=ref, publish=publish)
        except ImportFailed as failure:
            summary.failed.append((name, str(failure)))
            progress(done, len(files), name, _("failed: %(reason)s") % {"reason": failure})
            continue
        saved.append((article, source.document["related"]))
        summary.created += created
        summary.updated += not created
        progress(done, len(files), name, CREATED if created else UPDATED)
    # Links between articles of one import resolve once all of them exist.
    with transaction.atomic():
        for article, related in saved:
            interchange.link_related(article, related)
    if saved:
        planner_statistics.refresh()
    return summary
