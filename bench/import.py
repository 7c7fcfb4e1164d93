"""
Importing 1,000 text pages into SQLite, per article, against creating the same
articles directly through the ORM (model save(), the same sections and
footnotes) in the same run. Then real HTML pages: the dry run's median time per
page against trafilatura alone on the same pages, and a folder of 1,000 of them
imported in this one process, with its peak memory after the first tenth and
at the end.

    .venv/bin/python bench/import.py [--pages 1000] [--html ../shared/benchmarks/article-extraction]

Uses a fresh SQLite file and folders of pages in a temporary folder.
"""

import argparse
import contextlib
import gzip
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PAGE = "\n".join(
    [
        "Skip to content",
        "",
        "{headline}",
        "",
        "{dek}",
        "",
        "{caption}",
        "{caption}",
        "",
        "{headline}",
        "",
        "Officials said the plan for {topic} would be reviewed before the end of the year.[1] "
        "Industry groups welcomed the move but asked for clearer definitions.",
        "",
        "Analysts expect the cost of {topic} to rise as demand grows, as Kim (2021) argues.",
        "",
        "What comes next",
        "",
        "The proposal has divided lawmakers along familiar lines.[2] "
        "Smaller firms say the work takes time away from products.",
        "",
        "[1] Kim, J. (2021). Learning from abroad. Retrieved from https://example.org/kim/{n} "
        "[2] Lee, S. (2024). Costs of {topic}. Retrieved from https://example.org/lee/{n}",
        "",
        "  1. The plan for {topic} is under review, according to Kim (2021).",
        "  2. Lawmakers are divided, as Lee (2024) reports.",
        "",
        "Read also:",
        "",
        "    Latest",
        "",
    ]
)

TOPICS = ["data centres", "chip subsidies", "school pilots", "grid upgrades", "export controls"]


def write_pages(folder, count):
    for n in range(count):
        topic = TOPICS[n % len(TOPICS)]
        text = PAGE.format(
            n=n,
            topic=topic,
            headline=f"Seoul reviews {topic}, report {n}",
            dek=f"The ministry says it will decide on {topic} next year.",
            caption=f"A briefing on {topic} in Sejong",
        )
        (folder / f"page-{n:04d}.txt").write_text(text, encoding="utf-8")


def peak_memory_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_html(source, folder, count):
    """Dry-run times against trafilatura, then a folder of ``count`` pages imported."""
    import trafilatura

    from articles.importers import ImportFailed, batch, sources

    pages = [gzip.decompress(path.read_bytes()) for path in sorted(source.glob("html/*.gz"))]
    ours, alone = [], []
    for data in pages:
        start = time.perf_counter()
        with contextlib.suppress(ImportFailed):  # a refused page still costs its time
            sources.read("page.html", data)
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        trafilatura.extract(data)
        alone.append(time.perf_counter() - start)
    median_ours, median_alone = statistics.median(ours), statistics.median(alone)
    print(f"\n{len(pages)} real HTML pages, dry run (read, parse, validate; no database)")
    print(f"trafilatura alone:             {median_alone * 1000:6.1f} ms per page (median)")
    print(f"import_article --dry-run:      {median_ours * 1000:6.1f} ms per page (median)")
    print(f"Ratio: {median_ours / median_alone:.2f}x trafilatura alone")

    html_folder = folder / "html"
    html_folder.mkdir()
    for n in range(count):
        (html_folder / f"page-{n:04d}.html").write_bytes(pages[n % len(pages)])
    memory = {}

    def progress(done, total, name, outcome):
        if done == total // 10:
            memory["tenth"] = peak_memory_mb()

    start = time.perf_counter()
    summary = batch.import_path(html_folder, progress=progress)
    imported = time.perf_counter() - start
    print(f"\n{count} HTML pages imported in one process into SQLite")
    print(
        f"import (read, parse, save):    {imported:6.2f} s  "
        f"{imported / count * 1000:6.2f} ms per page"
    )
    print(f"created {summary.created}, updated {summary.updated}, failed {len(summary.failed)}")
    print(
        f"peak memory: {memory['tenth']:.0f} MB after {count // 10} pages, "
        f"{peak_memory_mb():.0f} MB after {count}"
    )
    shutil.rmtree(html_folder)


def main():
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument(
        "--html",
        type=Path,
        default=Path(__file__).resolve().parent.parent.parent
        / "shared/benchmarks/article-extraction",
        help="a folder of real pages (html/*.html.gz); skipped when it does not exist",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import transaction

        from articles.importers import batch, sources
        from articles.models import Article, Footnote, Section

        call_command("migrate", verbosity=0)
        pages = folder / "pages"
        pages.mkdir()
        write_pages(pages, args.pages)
        documents = [sources.read(p.name, p.read_bytes()).document for p in sorted(pages.iterdir())]

        start = time.perf_counter()
        for document in documents:
            with transaction.atomic():
                article = Article(headline=document["headline"] + " (ORM)", dek=document["dek"])
                article.save()
                with article.rendering_once():
                    for order, section in enumerate(document["sections"]):
                        Section(article=article, order=order, **section).save()
                    for order, note in enumerate(document["footnotes"]):
                        Footnote(article=article, order=order, **note).save()
        orm = time.perf_counter() - start

        start = time.perf_counter()
        summary = batch.import_path(pages)
        imported = time.perf_counter() - start
        assert summary.created == args.pages and not summary.failed, summary

        per_orm = orm / args.pages * 1000
        per_import = imported / args.pages * 1000
        print(f"{args.pages} pages, SQLite")
        print(f"ORM, the same articles:        {orm:6.2f} s  {per_orm:6.2f} ms per article")
        print(f"import (read, parse, save):    {imported:6.2f} s  {per_import:6.2f} ms per article")
        print(f"Ratio: {imported / orm:.2f}x the ORM baseline")
        if args.html.is_dir():
            bench_html(args.html, folder, args.pages)


if __name__ == "__main__":
    main()
