from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles import search
from articles.models import Article

from . import TranslatedCommand


class Command(TranslatedCommand):
    help = gettext_lazy(
        "Render every article's text again, rebuild the full-text search index and mark the "
        "newest articles, searched first."
    )

    def handle(self, *args, **options):
        total = Article.objects.count()
        for done, article in enumerate(Article.objects.iterator(chunk_size=500), start=1):
            article.refresh_body()
            if done % 100 == 0 or done == total:
                self.stdout.write(f"  {done}/{total}")
        search.keep_window(Article)
        self.stdout.write(
            self.style.SUCCESS(_("Search index rebuilt: %(total)s articles.") % {"total": total})
        )
