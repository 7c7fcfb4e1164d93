"""
Load: 50 concurrent clients for 30 seconds each against the article page, the home
page and search, on the production server (make serve's configuration) on loopback.
Every response must succeed; prints requests per second and p50/p99 latency.

    .venv/bin/python bench/load.py [--clients 50] [--seconds 30] [--articles 1000]
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


def main():
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    wrk = wrk_installed()
    with tempfile.TemporaryDirectory() as folder:
        env = production_environment(folder, args.database_url)
        article = prepare_site(env)
        manage(env, "seed_bulk", str(max(1, args.articles - 6)))
        server = start_server(env, workers=3)
        try:
            print(
                f"\n{args.clients} clients, {args.seconds} s each, gunicorn 3 workers, "
                f"{args.articles:,} articles\n"
            )
            print(f"{'page':<12}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}  errors")
            for name, path in [("article", article), ("home", "/"), ("search", "/search/?q=chip")]:
                rps, p50, p99 = load(wrk, path, args.seconds, args.clients, threads=2)
                print(f"{name:<12}{rps:>10.0f}{p50:>10.1f}{p99:>10.1f}  0")
        finally:
            stop_server(server)


if __name__ == "__main__":
    main()
