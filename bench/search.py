"""
Search at scale: the median time of a search results query at N articles (default
100,000, generated in bulk), against a plain primary-key lookup in the same run.

    .venv/bin/python bench/search.py [--articles 100000] [--database-url URL]

Without --database-url it uses a fresh SQLite file in a temporary folder; with a
PostgreSQL URL it creates (and drops afterwards) a database named after it with
the suffix _bench. Prints a table of medians and ratios.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

QUERIES = [
    "regulators",
    "chip subsidy",
    '"data centres"',
    "ai rules -grid",
    "인공지능",
    "반도체 정책",
]


def median_ms(action, repeat):
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def main():
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url.rstrip("/")
        os.environ["DATABASE_URL"] = f"{url}_bench" if url else f"sqlite:///{folder}/bench.sqlite3"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection
        from django.test.utils import setup_databases, teardown_databases

        if url:  # a throwaway PostgreSQL database, as the test runner makes one
            state = setup_databases(verbosity=0, interactive=False)
        else:
            call_command("migrate", verbosity=0)
        try:
            run(args, connection)
        finally:
            if url:
                teardown_databases(state, verbosity=0)


def run(args, connection):
    from articles import search
    from articles.models import Article
    from articles.synthetic import create_articles

    started = time.perf_counter()
    create_articles(
        args.articles, progress=lambda done: print(f"\r  seeding {done}/{args.articles}", end="")
    )
    print(f"\n  seeded in {time.perf_counter() - started:.0f} s on {connection.vendor}")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE articles_article")

    ids = list(Article.objects.values_list("pk", flat=True))
    rng = random.Random(1)
    baseline = median_ms(lambda: Article.objects.get(pk=rng.choice(ids)), args.repeat * 3)
    print(f"\n{'query':<22}{'median ms':>10}{'matches':>10}{'x pk lookup':>14}")
    print(f"{'primary-key lookup':<22}{baseline:>10.2f}{1:>10}{1:>14.1f}")
    for text in QUERIES:
        query = search.parse(text)

        def first_page(query=query):
            list(search.matching(Article.objects.published(), query).ranked[:12])

        elapsed = median_ms(first_page, args.repeat)
        matches = search.matching(Article.objects.published(), query).found
        print(f"{text:<22}{elapsed:>10.2f}{matches:>10}{elapsed / baseline:>14.1f}")


if __name__ == "__main__":
    main()
