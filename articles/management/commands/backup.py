from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles import backup

from . import TranslatedCommand


class Command(TranslatedCommand):
    help = gettext_lazy(
        "Write every article with its pictures, the authors, tags, reading lists, old "
        "addresses, staff accounts and API keys into a new or empty folder, for the restore "
        "command."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help=_("where to write the backup; new or empty"))

    def handle(self, *args, folder, **options):
        try:
            result = backup.write(folder, progress=self.progress)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        for name in result.missing:
            self.stderr.write("  " + _("not in storage, left out: %(name)s") % {"name": name})
        self.stdout.write(
            self.style.SUCCESS(
                _("Backed up %(counts)s to %(folder)s.")
                % {"counts": backup.describe(result.counts), "folder": folder}
            )
        )

    def progress(self, done, total, noun):
        self.stdout.write(
            "  " + _("%(done)s/%(total)s %(noun)s") % {"done": done, "total": total, "noun": noun}
        )
