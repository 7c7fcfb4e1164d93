from django.core.management.base import BaseCommand

from articles.models import Article


class Command(BaseCommand):
    help = "Render every article's text again and rebuild the full-text search index."

    def handle(self, *args, **options):
        total = Article.objects.count()
        for done, article in enumerate(Article.objects.iterator(chunk_size=500), start=1):
            article.refresh_body()
            if done % 100 == 0 or done == total:
                self.stdout.write(f"  {done}/{total}")
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {total} articles."))
