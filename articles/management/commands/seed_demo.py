from django.core.management.base import BaseCommand

from articles.demo import load_demo


class Command(BaseCommand):
    help = "Create or refresh the demo articles, authors and images. Safe to run again."

    def handle(self, *args, **options):
        summary = load_demo(progress=lambda article: self.stdout.write(f"  {article.headline}"))
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content ready: {summary.created} created, {summary.updated} updated."
            )
        )
