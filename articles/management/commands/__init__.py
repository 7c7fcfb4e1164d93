"""The newsroom's management commands."""

from django.core.management.base import BaseCommand


class TranslatedCommand(BaseCommand):
    """
    A command whose ``help`` is a lazy translation. argparse cannot print a lazy text
    (``--help`` would fail), so it is translated when the parser is made, in the
    language active then.
    """

    def create_parser(self, prog_name, subcommand, **kwargs):
        self.help = str(self.help)
        return super().create_parser(prog_name, subcommand, **kwargs)
