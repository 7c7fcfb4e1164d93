from django.core.management.base import BaseCommand, CommandError

from articles import backup


class Command(BaseCommand):
    help = (
        "Rebuild the site from a folder the backup command wrote, in one transaction. "
        "The database must be empty."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="a folder written by the backup command")

    def handle(self, *args, folder, **options):
        try:
            result = backup.restore(folder, progress=self.progress)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(f"Restored {backup.describe(result.counts)} from {folder}.")
        )

    def progress(self, done, total, noun):
        self.stdout.write(f"  {done}/{total} {noun}")
