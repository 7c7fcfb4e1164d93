"""
Query plans of the public pages' main queries on PostgreSQL, with EXPLAIN ANALYZE.

Makes a database of its own on the server (newsroom_query_plans, dropped first if it
is there), fills it with the demo content and --articles bulk articles, then prints
the plan of the article, home and tag page queries as the views make them.

    .venv/bin/python bench/query_plans.py [--server postgres://postgres@127.0.0.1:5432]
"""

import argparse
import subprocess
import tempfile

import psycopg
from serving import PYTHON, ROOT, manage, production_environment

DATABASE = "newsroom_query_plans"
PLANS = """
from django.conf import settings
from django.db import connection
from taggit.models import Tag
from articles.models import Article

with connection.cursor() as cursor:
    cursor.execute("ANALYZE")
slug = Article.objects.published().order_by("pk")[500].slug
tag = Tag.objects.get(name="semiconductors")
count = settings.NEWSROOM_ARTICLES_PER_PAGE
pages = {
    f"article page: published().filter(slug={slug!r})":
        Article.objects.published().filter(slug=slug).order_by(),
    "home page: published().for_listing()[:12]":
        Article.objects.published().for_listing()[:count],
    f"tag page: published().filter(tags={tag.name!r}).for_listing()[:12]":
        Article.objects.published().filter(tags=tag).for_listing()[:count],
}
for title, queryset in pages.items():
    print(f"\\n## {title}\\n")
    print(queryset.explain(analyze=True))
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--articles", type=int, default=100_000)
    args = parser.parse_args()
    with psycopg.connect(f"{args.server}/postgres", autocommit=True) as server:
        server.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
        server.execute(f"CREATE DATABASE {DATABASE}")
    with tempfile.TemporaryDirectory() as folder:
        env = production_environment(folder, f"{args.server}/{DATABASE}")
        manage(env, "migrate", "--noinput", "--verbosity", "0")
        manage(env, "seed_demo")
        manage(env, "seed_bulk", str(args.articles))
        subprocess.run([PYTHON, "manage.py", "shell", "-c", PLANS], cwd=ROOT, env=env, check=True)


if __name__ == "__main__":
    main()
