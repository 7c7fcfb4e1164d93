from django.core.management.base import BaseCommand, CommandError

from articles import backup


class Command(BaseCommand):
    help = (
        "Write every article with its pictures, the authors, tags, reading lists and old "
        "addresses into a new or empty folder, for the restore command."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="where to write the backup; new or empty")

    def handle(self, *args, folder, **options):
        try:
            result = backup.write(folder, progress=self.progress)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        for name in result.missing:
            self.stderr.write(f"  not in storage, left out: {name}")
        self.stdout.write(
            self.style.SUCCESS(f"Backed up {backup.describe(result.counts)} to {folder}.")
        )

    def progress(self, done, total, noun):
        self.stdout.write(f"  {done}/{total} {noun}")
