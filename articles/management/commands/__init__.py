"""The newsroom's management commands."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from articles.backup import BackupError, describe


class TranslatedCommand(BaseCommand):
    """
    A command whose ``help`` is a lazy translation. argparse cannot print a lazy text
    (``--help`` would fail), so it is translated when the parser is made, in the
    language active then.
    """

    def create_parser(self, prog_name, subcommand, **kwargs):
        self.help = str(self.help)
        return super().create_parser(prog_name, subcommand, **kwargs)


class BackupCommand(TranslatedCommand):
    """``backup`` and ``restore``: one folder, progress lines, a one-line summary or error."""

    def add_arguments(self, parser):
        parser.add_argument("folder", help=self.folder_help)

    def handle(self, *args, folder, **options):
        try:
            result = self.run(folder, **options)
        except BackupError as error:
            raise CommandError(str(error)) from error
        for name in result.missing:
            self.stderr.write("  " + _("not in storage, left out: %(name)s") % {"name": name})
        self.stdout.write(
            self.style.SUCCESS(self.summary % {"counts": describe(result.counts), "folder": folder})
        )

    def progress(self, done, total, noun):
        self.stdout.write(
            "  " + _("%(done)s/%(total)s %(noun)s") % {"done": done, "total": total, "noun": noun}
        )
