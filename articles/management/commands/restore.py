from django.utils.translation import gettext_lazy

from articles.backup import restoring

from . import BackupCommand


class Command(BackupCommand):
    help = gettext_lazy(
        "Rebuild the site from a folder the backup command wrote, in one transaction. "
        "The database must be empty."
    )
    folder_help = gettext_lazy("a folder written by the backup command")
    summary = gettext_lazy("Restored %(counts)s from %(folder)s.")

    def run(self, folder, **options):
        return restoring.restore(folder, progress=self.progress)
