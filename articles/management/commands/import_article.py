import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.importers import ImportFailed, batch, interchange, sources


class Command(BaseCommand):
    help = (
        "Import an article from a newsroom.article/1 JSON file, an HTML page or a text page "
        "dump, or every file in a folder. Pages become drafts unless --publish is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="a file, or a folder to import every file in")
        parser.add_argument(
            "--dry-run", action="store_true", help="print the parsed document; write nothing"
        )
        parser.add_argument("--publish", action="store_true", help="publish imported pages now")

    def handle(self, *args, path, dry_run, publish, **options):
        path = Path(path)
        if not path.exists():
            raise CommandError(f"{path}: no such file or folder.")
        if dry_run:
            return self.dry_run(path)
        summary = batch.import_path(path, publish=publish, progress=self.progress)
        self.stdout.write(
            f"Imported {summary.total} files: {summary.created} created, "
            f"{summary.updated} updated, {len(summary.failed)} failed."
        )
        for name, reason in summary.failed:
            self.stderr.write(f"  {name}: {reason}")
        if summary.failed:
            raise CommandError(f"{len(summary.failed)} of {summary.total} files failed.")

    def progress(self, done, total, name, outcome):
        width = 24
        bar = "#" * (done * width // total) + "." * (width - done * width // total)
        self.stdout.write(f"[{bar}] {done}/{total} {name}: {outcome}")

    def dry_run(self, path):
        if not path.is_file():
            raise CommandError(f"{path}: --dry-run takes one file, not a folder.")
        try:
            source = sources.read(path.name, path.read_bytes())
        except ImportFailed as failure:
            raise CommandError(f"{path}: {failure}") from failure
        document = interchange.as_document(source.document)
        self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
