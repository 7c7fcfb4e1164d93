from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.demo import load_demo

from . import TranslatedCommand


class Command(TranslatedCommand):
    help = gettext_lazy(
        "Create or refresh the demo articles, authors and images. Safe to run again."
    )

    def handle(self, *args, **options):
        summary = load_demo(progress=lambda article: self.stdout.write(f"  {article.headline}"))
        self.stdout.write(
            self.style.SUCCESS(
                _("Demo content ready: %(created)s created, %(updated)s updated.")
                % {"created": summary.created, "updated": summary.updated}
            )
        )
