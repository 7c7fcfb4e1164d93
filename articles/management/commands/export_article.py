import json
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.importers import interchange
from articles.models import Article

from . import TranslatedCommand


def as_json(document):
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


class Command(TranslatedCommand):
    help = gettext_lazy(
        "Print an article as newsroom.article/1 JSON, or write every article to a folder."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", nargs="?", help=_("the article to print"))
        parser.add_argument(
            "--all", metavar="DIR", dest="folder", help=_("write one file per article into DIR")
        )

    def handle(self, *args, slug, folder, **options):
        if bool(slug) == bool(folder):
            raise CommandError(_("Give either an article's slug or --all DIR."))
        if slug:
            article = Article.objects.filter(slug=slug).first()
            if article is None:
                raise CommandError(_("No article has the slug “%(slug)s”.") % {"slug": slug})
            self.stdout.write(as_json(interchange.export(article)), ending="")
            return
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        articles = Article.objects.order_by("pk")
        total = articles.count()
        for done, article in enumerate(articles.iterator(), start=1):
            (folder / f"{article.slug}.json").write_text(
                as_json(interchange.export(article)), encoding="utf-8"
            )
            self.stdout.write(f"  {done}/{total} {article.slug}")
        self.stdout.write(
            self.style.SUCCESS(
                _("Exported %(total)s articles to %(folder)s.") % {"total": total, "folder": folder}
            )
        )
