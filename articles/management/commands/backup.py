from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles import backup

from . import BackupCommand


class Command(BackupCommand):
    help = gettext_lazy(
        "Write the whole site (articles with their revisions and pictures, authors, tags, "
        "reading lists, redirects, roles, staff accounts and API keys) into a new or empty "
        "folder, for the restore command."
    )
    folder_help = gettext_lazy("where to write the backup; new or empty")
    summary = gettext_lazy("Backed up %(counts)s to %(folder)s.")

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--no-accounts",
            action="store_true",
            help=_("leave out staff accounts and API keys (and who made or saved what)"),
        )

    def run(self, folder, no_accounts, **options):
        return backup.write(folder, progress=self.progress, accounts=not no_accounts)
