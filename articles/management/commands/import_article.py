import json
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.importers import ImportFailed, batch, interchange, sources

from . import TranslatedCommand


class Command(TranslatedCommand):
    help = gettext_lazy(
        "Import an article from a newsroom.article/1 JSON file, an HTML page or a text page "
        "dump, or every file in a folder. Pages become drafts unless --publish is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help=_("a file, or a folder to import every file in"))
        parser.add_argument(
            "--dry-run", action="store_true", help=_("print the parsed document; write nothing")
        )
        parser.add_argument("--publish", action="store_true", help=_("publish imported pages now"))
        parser.add_argument(
            "--lenient",
            action="store_true",
            help=_("import pages citing a reference they do not list, with a warning"),
        )

    def handle(self, *args, path, dry_run, publish, lenient, **options):
        path = Path(path)
        if not path.exists():
            raise CommandError(_("%(path)s: no such file or folder.") % {"path": path})
        if dry_run:
            return self.dry_run(path, lenient)
        summary = batch.import_path(path, publish=publish, lenient=lenient, progress=self.progress)
        self.stdout.write(
            _(
                "Imported %(total)s files: %(created)s created, %(updated)s updated, "
                "%(failed)s failed."
            )
            % {
                "total": summary.total,
                "created": summary.created,
                "updated": summary.updated,
                "failed": len(summary.failed),
            }
        )
        self.stdout.write(
            _(
                "%(authors)s authors created, %(pictures)s pictures, %(footnotes)s footnotes, "
                "%(warnings)s warnings."
            )
            % {
                "authors": summary.authors_created,
                "pictures": summary.pictures,
                "footnotes": summary.footnotes,
                "warnings": len(summary.warnings),
            }
        )
        for name, warning in summary.warnings:
            self.stderr.write(
                _("  %(name)s: warning: %(warning)s") % {"name": name, "warning": warning}
            )
        for name, reason in summary.failed:
            self.stderr.write(f"  {name}: {reason}")
        if summary.failed:
            raise CommandError(
                _("%(failed)s of %(total)s files failed.")
                % {"failed": len(summary.failed), "total": summary.total}
            )

    def progress(self, done, total, name, outcome):
        width = 24
        bar = "#" * (done * width // total) + "." * (width - done * width // total)
        if outcome == batch.CREATED:
            line = _("%(name)s: created") % {"name": name}
        elif outcome == batch.UPDATED:
            line = _("%(name)s: updated") % {"name": name}
        else:
            line = f"{name}: {outcome}"
        self.stdout.write(f"[{bar}] {done}/{total} {line}")

    def dry_run(self, path, lenient):
        if not path.is_file():
            raise CommandError(
                _("%(path)s: --dry-run takes one file, not a folder.") % {"path": path}
            )
        try:
            source = sources.read(path.name, path.read_bytes(), lenient=lenient)
        except ImportFailed as failure:
            raise CommandError(f"{path}: {failure}") from failure
        for warning in source.warnings:
            self.stderr.write(
                _("%(path)s: warning: %(warning)s") % {"path": path, "warning": warning}
            )
        document = interchange.as_document(source.document)
        self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
