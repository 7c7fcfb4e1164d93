"""
Reader pages, sitemaps and the API at 1,000 and 100,000 articles, on PostgreSQL, with
every cache a dummy: what a request costs when it has to make its answer.

For each size, a database newsroom_scale_<size> on the server (made with migrate and
seed_bulk, which runs ANALYZE; kept and reused when it already holds that many articles,
made again with --rebuild), served by the production configuration (gunicorn, 2 workers)
with Django's dummy cache (bench/settings_without_cache.py). Then rounds, interleaved: in
each round every page is loaded at each size in turn, so a neighbour slowing the machine
slows both sizes alike (each page is loaded at every size back to back); each figure is
the best of the rounds.

Throughput rows: wrk -t2 -c4. Sitemap rows: wrk -t1 -c1, so p50 is the time of one
request alone (targets: the index ≤ 100 ms, a file ≤ 1 s).

    .venv/bin/python bench/scale.py [--sizes 1000 100000] [--seconds 4] [--rounds 3]
                                    [--server postgres://postgres@127.0.0.1:5432] [--rebuild]
"""

import argparse
import tempfile

import psycopg
from serving import (
    PORT,
    keep,
    load,
    manage,
    production_environment,
    shell_output,
    start_server,
    stop_server,
    wrk_installed,
)

# Every reader page at the largest size keeps this share of its throughput at the smallest.
KEEPS = 0.8
INDEX_MS, FILE_MS = 100, 1000
PATHS = """
from taggit.models import Tag
from articles.models import Article, Author
articles = Article.objects.published().order_by("pk")
middle = articles[articles.count() // 2]
author = Author.objects.filter(slug__startswith="bulk-reporter").order_by("pk").first()
print(middle.get_absolute_url(), middle.pk, author.slug)
"""


def database(server, size, rebuild):
    """The URL of a database with ``size`` bulk articles, made unless it is there."""
    name = f"newsroom_scale_{size}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and not rebuild:
            with psycopg.connect(f"{server}/{name}") as existing:
                try:
                    found = existing.execute("SELECT count(*) FROM articles_article").fetchone()[0]
                except psycopg.errors.UndefinedTable:
                    found = None
            if found == size:
                print(f"Reusing {name} ({size:,} articles).")
                return f"{server}/{name}", False
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}", True


def prepare(folder, url, size, fresh):
    env = production_environment(folder, url)
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    if fresh:
        manage(env, "seed_bulk", str(size), "--batch-size", "2000")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    article, middle, author = shell_output(env, PATHS).split()[-3:]
    return (
        env,
        {
            "article": article,
            "home": "/",
            "home, an older page": f"/?before={middle}",
            "Korean front": "/ko/",
            "tag": "/tags/korea/",
            "author": f"/authors/{author}/",
            "kind": "/opinion/",
            "search": "/search/?q=regulators",
            "search, two words": "/search/?q=data+centres",
            "feed": "/feeds/rss/",
            "API list": "/api/v1/articles/",
            "API tag filter": "/api/v1/articles/?tag=korea",
            # A page of 5: the smallest archive holds only a few of one author's English news,
            # and a full page against a short one would weigh the answers, not the filters.
            "API three filters": (
                f"/api/v1/articles/?author={author}&kind=news&language=en&page_size=5"
            ),
            "API updated_since": "/api/v1/articles/?updated_since=2026-01-01T00:00Z",
        },
        {
            "sitemap index": "/sitemap.xml",
            "sitemap file": "/sitemap-articles.xml?p=2" if size > 5000 else "/sitemap-articles.xml",
            "news sitemap": "/news-sitemap.xml",
        },
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 100_000])
    parser.add_argument("--seconds", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    wrk = wrk_installed()
    sizes = sorted(args.sizes)
    with tempfile.TemporaryDirectory() as folder:
        sites = {}
        for size in sizes:
            url, fresh = database(args.server, size, args.rebuild)
            sites[size] = prepare(f"{folder}/{size}", url, size, fresh)
        servers = {
            size: start_server(env, page_cache=False, cache=False, port=PORT + i)
            for i, (size, (env, _pages, _maps)) in enumerate(sites.items())
        }
        best = {}
        try:
            for number in range(1, args.rounds + 1):
                print(f"Round {number} of {args.rounds}…", flush=True)
                # Each page at every size back to back: the sizes see the same neighbours.
                _env, first_pages, first_sitemaps = sites[sizes[0]]
                for row in [*first_pages, *first_sitemaps]:
                    for i, size in enumerate(sizes):
                        _env, pages, sitemaps = sites[size]
                        if row in pages:
                            result = load(wrk, pages[row], args.seconds, 4, port=PORT + i)
                        else:  # one connection: p50 is the time of a request alone
                            result = load(wrk, sitemaps[row], args.seconds, 1, 1, port=PORT + i)
                        keep(best, (row, size), result)
        finally:
            for server in servers.values():
                stop_server(server)
    report(best, sites, sizes, args)


def report(best, sites, sizes, args):
    small, larger = sizes[0], sizes[1:]
    # The pages' target holds at 100,000 (or the largest size, when smaller); a million is shown.
    judged = max((size for size in larger if size <= 100_000), default=sizes[-1])
    _env, pages, sitemaps = sites[small]
    print(
        f"\nPostgreSQL, every cache a dummy; gunicorn, 2 workers; best of {args.rounds} "
        f"interleaved rounds of {args.seconds} s (pages: wrk -t2 -c4, sitemaps: wrk -t1 -c1)\n"
    )
    header = " | ".join(f"{size:,} articles: req/s, p50 ms" for size in sizes)
    against = " | ".join(f"{size:,} against {small:,}" for size in larger)
    print(f"| page | {header} | {against} | target |")
    print("|---" * (2 * len(sizes) + 1) + "|")
    for row in [*pages, *sitemaps]:
        cells = [f"{best[row, s][0]:,.1f}, {best[row, s][1]:.1f}" for s in sizes]
        cells += [f"{best[row, s][0] / best[row, small][0]:.2f}×" for s in larger]
        if row in pages:
            ratio = best[row, judged][0] / best[row, small][0]
            verdict = f"≥ {KEEPS:.1f}× at {judged:,}: " + ("met" if ratio >= KEEPS else "NOT met")
        elif row == "sitemap index":
            verdict = verdict_ms(best, row, sizes, INDEX_MS)
        elif row == "sitemap file":
            verdict = verdict_ms(best, row, sizes, FILE_MS)
        else:
            verdict = "–"
        print(f"| {row} | " + " | ".join(cells) + f" | {verdict} |")


def verdict_ms(best, row, sizes, limit):
    met = all(best[row, size][1] <= limit for size in sizes)
    return f"p50 ≤ {limit} ms: " + ("met" if met else "NOT met")


if __name__ == "__main__":
    main()
