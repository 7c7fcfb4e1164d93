"""
Throughput of the production server on loopback, measured with wrk.

Starts `make serve`'s configuration (gunicorn, DEBUG off, WhiteNoise) on
127.0.0.1 against a fresh database, and loads it for a bounded time with a
bounded number of connections. Every figure is a ratio to /healthz, a constant
view in the same server (the framework's floor), measured in the same run; at
1,000 and then 100,000 articles.

    .venv/bin/python bench/throughput.py [--sizes 1000 100000] [--seconds 10] [--database-url URL]
"""

import argparse
import tempfile

from serving import (
    load,
    manage,
    prepare_site,
    production_environment,
    start_server,
    stop_server,
    wrk_installed,
)

TARGETS = ["floor (/healthz)", "article, uncached", "article, cached", "home", "search"]


def measure(wrk, env, article_path, seconds, connections):
    results = {}
    server = start_server(env, page_cache=False)
    try:
        floor = load(wrk, "/healthz", seconds, connections)
        results["article, uncached"] = load(wrk, article_path, seconds, connections)
        results["search"] = load(wrk, "/search/?q=data+centres", seconds, connections)
    finally:
        stop_server(server)
    server = start_server(env, page_cache=True)
    try:
        results["floor (/healthz)"] = load(wrk, "/healthz", seconds, connections)
        results["article, cached"] = load(wrk, article_path, seconds, connections)
        results["home"] = load(wrk, "/", seconds, connections)
    finally:
        stop_server(server)
    # The floor of both runs, so each ratio compares figures of one server start.
    results["floor (/healthz)"] = max(results["floor (/healthz)"], floor, key=lambda r: r[0])
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 100_000])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    wrk = wrk_installed()

    with tempfile.TemporaryDirectory() as folder:
        env = production_environment(folder, args.database_url)
        article_path = prepare_site(env)
        tables, seeded = {}, 6
        for size in sorted(args.sizes):
            manage(env, "seed_bulk", str(size - seeded))
            seeded = size
            tables[size] = measure(wrk, env, article_path, args.seconds, args.connections)
        report(tables, args)


def report(tables, args):
    print(f"\nwrk -t2 -c{args.connections} -d{args.seconds}s on 127.0.0.1; gunicorn, 2 workers\n")
    sizes = sorted(tables)
    header = (
        "| page | "
        + " | ".join(f"{s:,} articles: req/s, p50/p99 ms, × floor" for s in sizes)
        + " |"
    )
    print(header)
    print("|---" * (len(sizes) + 1) + "|")
    for target in TARGETS:
        cells = []
        for size in sizes:
            rps, p50, p99 = tables[size][target]
            floor = tables[size]["floor (/healthz)"][0]
            cells.append(f"{rps:,.0f}, {p50:.1f}/{p99:.1f}, {rps / floor:.0%}")
        print(f"| {target} | " + " | ".join(cells) + " |")
    if len(sizes) > 1:
        small, large = sizes[0], sizes[-1]
        print()
        for target in TARGETS[1:]:
            change = tables[large][target][0] / tables[small][target][0] - 1
            print(f"{target}: {change:+.0%} at {large:,} against {small:,} articles")


if __name__ == "__main__":
    main()
