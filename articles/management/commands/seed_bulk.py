from django.core.management.base import BaseCommand, CommandError

from articles.synthetic import create_articles


class Command(BaseCommand):
    help = "Create N realistic published articles quickly (bulk inserts), for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int)
        parser.add_argument("--batch-size", type=int, default=1000)

    def handle(self, *args, count, batch_size, **options):
        if count < 1 or batch_size < 1:
            raise CommandError("N and --batch-size must be positive whole numbers.")

        def progress(done):
            self.stdout.write(f"\r  {done}/{count} articles", ending="")
            self.stdout.flush()

        create_articles(count, batch_size=batch_size, progress=progress)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Created {count} published articles."))
