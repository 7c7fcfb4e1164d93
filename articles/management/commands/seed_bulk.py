from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.synthetic import create_articles

from . import TranslatedCommand


class Command(TranslatedCommand):
    help = gettext_lazy(
        "Create N realistic published articles quickly (bulk inserts), for benchmarks."
    )

    def add_arguments(self, parser):
        parser.add_argument("count", type=int)
        parser.add_argument("--batch-size", type=int, default=1000)

    def handle(self, *args, count, batch_size, **options):
        if count < 1 or batch_size < 1:
            raise CommandError(_("N and --batch-size must be positive whole numbers."))

        def progress(done):
            self.stdout.write(
                "\r  " + _("%(done)s/%(count)s articles") % {"done": done, "count": count},
                ending="",
            )
            self.stdout.flush()

        create_articles(count, batch_size=batch_size, progress=progress)
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(_("Created %(count)s published articles.") % {"count": count})
        )
