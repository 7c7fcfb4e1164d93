"""
Scoring the HTML importer on saved real news pages, side by side with
trafilatura run raw on the same pages, with the benchmark's own metric.

    .venv/bin/python bench/extraction.py [--pages ../shared/benchmarks/article-extraction]
        [--worst 5] [--only ID...]

Body: 4-token shingles of ``\\w+`` tokens; precision is the mean over pages with
output, recall the mean over all pages, F1 from the two means (a refused page
is empty output). Headline, authors and date are checked against what each
page declares about itself (JSON-LD, OpenGraph, <meta name="author">,
<time datetime>), on the pages that declare them. No database is used.
"""

import argparse
import gzip
import html as html_module
import json
import os
import re
import statistics
import sys
import time
import warnings
from collections import Counter
from pathlib import Path

import dateutil.parser

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PAGES = ROOT.parent / "shared/benchmarks/article-extraction"
TOKEN = re.compile(r"\w+")


def shingles(text, n=4):
    tokens = TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def match(expected, got):
    """(tp, fp, fn) of the shingle counts, normalised by their sum."""
    truth, output = shingles(expected), shingles(got)
    tp = sum((truth & output).values())
    fp = sum((output - truth).values())
    fn = sum((truth - output).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0, 0, 0)


def precision_recall_f1(scores):
    """scores: (tp, fp, fn) per page, None for a refused page."""
    precisions = [tp / (tp + fp) for tp, fp, fn in filter(None, scores) if tp + fp]
    recalls = [tp / (tp + fn) if tp + fn else 0 for tp, fp, fn in (s or (0, 0, 1) for s in scores)]
    p = statistics.mean(precisions) if precisions else 0
    r = statistics.mean(recalls) if recalls else 0
    return p, r, (2 * p * r / (p + r) if p + r else 0)


# -- What a page declares about itself ----------------------------------------

_JSON_LD = re.compile(
    r"<script[^>]*application/ld\+json[^>]*>(.*?)</script>", re.IGNORECASE | re.DOTALL
)
_META = re.compile(r"<meta\s[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r"([\w:-]+)\s*=\s*(\"[^\"]*\"|'[^']*')")
_TIME = re.compile(r"<time[^>]*\bdatetime\s*=\s*[\"']([^\"']+)", re.IGNORECASE)
_ARTICLE_TYPES = re.compile(r"Article|Posting|Report|NewsArticle|BlogPosting", re.IGNORECASE)


def _objects(value):
    if isinstance(value, list):
        for item in value:
            yield from _objects(item)
    elif isinstance(value, dict):
        yield value
        yield from _objects(value.get("@graph", []))


def _names(value):
    for item in value if isinstance(value, list) else [value]:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, str) and name.strip():
            yield name.strip()


def declared(page):
    """The headlines, authors and publication dates a page declares."""
    headlines, authors, dates = [], [], []
    for block in _JSON_LD.findall(page):
        try:
            data = json.loads(block.strip().strip(";"))
        except ValueError:
            continue
        for thing in _objects(data):
            kinds = thing.get("@type", "")
            if not _ARTICLE_TYPES.search(" ".join(kinds) if isinstance(kinds, list) else kinds):
                continue
            if isinstance(thing.get("headline"), str):
                headlines.append(thing["headline"])
            authors.extend(_names(thing.get("author") or []))
            if isinstance(thing.get("datePublished"), str):
                dates.append(thing["datePublished"])
    for tag in _META.findall(page):
        attrs = {k.lower(): html_module.unescape(v[1:-1]) for k, v in _ATTR.findall(tag)}
        name = (attrs.get("property") or attrs.get("name") or "").lower()
        content = attrs.get("content", "").strip()
        if not content:
            continue
        if name == "og:title":
            headlines.append(content)
        elif name == "author" and not content.startswith("http"):
            authors.append(content)
        elif name == "article:published_time":
            dates.append(content)
    dates.extend(_TIME.findall(page)[:1])
    return headlines, authors, dates


def normal(text):
    return re.sub(r"[\W_]+", "", html_module.unescape(text or "").casefold())


_SITE_SEPARATOR = re.compile(r"\s[|–—-]\s")


def headline_right(got, headlines):
    """The headline is one declared, or one part of it beside the site's or section's name."""
    got = normal(got)
    parts = (part for h in headlines for part in [h, *_SITE_SEPARATOR.split(h)])
    return bool(got) and any(got == normal(part) for part in parts)


def authors_right(got, authors):
    """One of the names found is (part of) a declared author string, or holds one."""
    names = [normal(name) for name in got if normal(name)]
    return any(n in normal(a) or normal(a) in n for n in names for a in authors if normal(a))


def date_right(got, dates):
    """The publication day found is the day declared, read in the declared time zone."""
    for text in dates:
        try:
            declared_moment = dateutil.parser.parse(text.strip())
        except (ValueError, OverflowError):
            continue
        if got and got.tzinfo and declared_moment.tzinfo:
            got = got.astimezone(declared_moment.tzinfo)
        if got and got.date() == declared_moment.date():
            return True
    return False


# -- Running ------------------------------------------------------------------


def body_text(document):
    parts = []
    for section in document["sections"]:
        parts.append(section["heading"])
        parts.append(html_module.unescape(re.sub(r"<[^>]+>", " ", section["body"])))
    return "\n".join(parts)


def main():
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--pages", type=Path, default=DEFAULT_PAGES)
    parser.add_argument("--worst", type=int, default=5)
    parser.add_argument("--only", nargs="*", help="page ids to run (for a closer look)")
    args = parser.parse_args()
    warnings.simplefilter("ignore", dateutil.parser.UnknownTimezoneWarning)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    import trafilatura

    from articles.importers import ImportFailed, sources

    truth = json.loads((args.pages / "ground-truth.json").read_text(encoding="utf-8"))
    ids = args.only or sorted(truth)
    ours, raw, times_ours, times_raw, failures, worst = [], [], [], [], [], []
    checks = Counter()
    for page_id in ids:
        data = gzip.decompress((args.pages / "html" / f"{page_id}.html.gz").read_bytes())
        expected = truth[page_id]["articleBody"]
        start = time.perf_counter()
        try:
            document = sources.read(f"{page_id}.html", data).document
        except ImportFailed as failure:
            document = None
            failures.append((page_id, str(failure)))
        times_ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        extracted = trafilatura.extract(data, with_metadata=False)
        times_raw.append(time.perf_counter() - start)
        raw.append(match(expected, extracted) if extracted else None)
        ours.append(match(expected, body_text(document)) if document else None)
        page = data.decode("utf-8", "replace")
        headlines, authors, dates = declared(page)
        if document:
            checks["headline"] += headline_right(document["headline"], headlines)
            checks["authors"] += bool(authors) and authors_right(document["authors"], authors)
            checks["date"] += bool(dates) and date_right(document["published_at"], dates)
        checks["declare headline"] += bool(headlines)
        checks["declare authors"] += bool(authors)
        checks["declare date"] += bool(dates)
        score = ours[-1] or (0, 0, 1)
        worst.append((score[0], page_id, score))

    def row(name, scores, times, extra):
        p, r, f1 = precision_recall_f1(scores)
        refused = sum(s is None for s in scores)
        ms = statistics.median(times) * 1000
        print(f"| {name} | {p:.3f} | {r:.3f} | {f1:.3f} | {refused} | {extra} | {ms:.1f} |")

    count = len(ids)
    print(f"{count} pages from {args.pages}\n")
    print("| | precision | recall | F1 | refused | headline, authors, date | ms/page (median) |")
    print("|---|---|---|---|---|---|---|")
    row(
        "import_article (html importer)",
        ours,
        times_ours,
        f"{checks['headline']}/{checks['declare headline']}, "
        f"{checks['authors']}/{checks['declare authors']}, "
        f"{checks['date']}/{checks['declare date']}",
    )
    row("trafilatura raw (extract)", raw, times_raw, "–")
    print("\nWorst pages (body tp share):")
    for _share, page_id, (tp, fp, fn) in sorted(worst)[: args.worst]:
        print(f"  {page_id[:12]} tp {tp:.2f} fp {fp:.2f} fn {fn:.2f}  {truth[page_id]['url']}")
    for page_id, reason in failures:
        print(f"  refused {page_id[:12]}: {reason}")


if __name__ == "__main__":
    main()
