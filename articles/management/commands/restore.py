from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles import backup
from articles.backup import restoring

from . import TranslatedCommand


class Command(TranslatedCommand):
    help = gettext_lazy(
        "Rebuild the site from a folder the backup command wrote, in one transaction. "
        "The database must be empty."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help=_("a folder written by the backup command"))

    def handle(self, *args, folder, **options):
        try:
            result = restoring.restore(folder, progress=self.progress)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                _("Restored %(counts)s from %(folder)s.")
                % {"counts": backup.describe(result.counts), "folder": folder}
            )
        )

    def progress(self, done, total, noun):
        self.stdout.write(
            "  " + _("%(done)s/%(total)s %(noun)s") % {"done": done, "total": total, "noun": noun}
        )
