import datetime

from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles import pictures

from . import TranslatedCommand


class Command(TranslatedCommand):
    help = gettext_lazy(
        "Delete the pictures (rows, originals and renditions) that no article, section or "
        "revision uses any more. Without --delete, only lists what would go."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--delete", action="store_true", help=_("delete them; otherwise only list them")
        )
        parser.add_argument(
            "--min-age-hours",
            type=int,
            default=24,
            help=_(
                "keep pictures uploaded more recently than this (default 24): an editor may "
                "be about to use one"
            ),
        )

    def handle(self, *args, delete, min_age_hours, **options):
        uploaded_before = timezone.now() - datetime.timedelta(hours=max(0, min_age_hours))
        self.stdout.write(_("Looking for pictures nothing uses…"))
        summary = pictures.prune(delete, uploaded_before, progress=self.progress)
        done = _("Deleted") if delete else _("Would delete")
        self.stdout.write(
            self.style.SUCCESS(
                _("%(done)s %(pictures)s pictures and %(files)s files, freeing %(size)s.")
                % {
                    "done": done,
                    "pictures": summary.pictures,
                    "files": summary.files,
                    "size": filesizeformat(summary.bytes),
                }
            )
        )
        if not delete and summary.pictures:
            self.stdout.write(_("Nothing was deleted. Run again with --delete to delete them."))

    def progress(self, done, total, picture, files, size):
        self.stdout.write(
            "  "
            + _("%(done)s/%(total)s picture %(id)s “%(name)s”: %(files)s files, %(size)s")
            % {
                "done": done,
                "total": total,
                "id": picture.pk,
                "name": picture,
                "files": len(files),
                "size": filesizeformat(size),
            }
        )
        for name in files:
            self.stdout.write(f"    {name}")
