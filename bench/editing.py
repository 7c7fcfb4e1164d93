"""
Readers' throughput while an editor saves a draft every half second.

A newsroom saves drafts all day; readers must not pay for it. Starts `make serve`'s
configuration (gunicorn, 2 workers, DEBUG off) on PostgreSQL and Redis, loads 40 article
pages in turn with wrk, and compares the throughput while a separate process saves a draft
(with a section) every 0.5 s through the ORM against the quiet throughput, in alternating
rounds of the same run. Every cache is on, as served.

    .venv/bin/python bench/editing.py [--seconds 5] [--rounds 3]
                                      [--server postgres://postgres@127.0.0.1:5432]
                                      [--redis-url redis://127.0.0.1:6379/8]
"""

import argparse
import subprocess
import tempfile
from pathlib import Path

from serving import (
    PYTHON,
    ROOT,
    drop_database,
    load,
    make_database,
    manage,
    production_environment,
    shell_output,
    start_server,
    stop_server,
    wrk_installed,
)

TARGET = 0.8
PAGES = 40
DATABASE = "newsroom_bench_editing"

EDITOR = """
import time
from articles.models import Article, Section
draft = Article.objects.create(headline="A draft being written")
section = Section.objects.create(article=draft, body="<p>First words.</p>")
end = time.monotonic() + {seconds}
saves = 0
while time.monotonic() < end:
    saves += 1
    draft.headline = f"A draft being written, save {{saves}}"
    draft.save()
    section.body = f"<p>Words of save {{saves}}.</p>"
    section.save()
    time.sleep(0.5)
print(saves)
"""

PATHS_SCRIPT = """
paths = {{{paths}}}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
"""


def article_paths(env):
    lookup = (
        "from articles.models import Article; "
        f"[print(a.get_absolute_url()) for a in Article.objects.published()[:{PAGES}]]"
    )
    return shell_output(env, lookup).split()[-PAGES:]


def main():
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/8")
    args = parser.parse_args()
    wrk = wrk_installed()
    make_database(args.server, DATABASE)
    try:
        with tempfile.TemporaryDirectory() as folder:
            env = production_environment(folder, f"{args.server}/{DATABASE}")
            env["REDIS_URL"] = args.redis_url
            print("Preparing the site…", flush=True)
            manage(env, "migrate", "--noinput", "--verbosity", "0")
            manage(env, "collectstatic", "--noinput", "--verbosity", "0")
            manage(env, "seed_demo")
            manage(env, "seed_bulk", str(PAGES))
            script = Path(folder) / "paths.lua"
            paths = article_paths(env)
            script.write_text(PATHS_SCRIPT.format(paths=", ".join(f'"{p}"' for p in paths)))
            quiet, editing, saves = measure(wrk, env, paths[0], str(script), args)
    finally:
        drop_database(args.server, DATABASE)
    report(quiet, editing, saves, args)


def measure(wrk, env, first_path, script, args):
    quiet, editing, saves = [], [], 0
    server = start_server(env)
    try:
        for round_number in range(1, args.rounds + 1):
            print(f"Round {round_number} of {args.rounds}: quiet, then a draft saved every 0.5 s")
            quiet.append(load(wrk, first_path, args.seconds, args.connections, script=script))
            editor = subprocess.Popen(
                [PYTHON, "manage.py", "shell", "-c", EDITOR.format(seconds=args.seconds + 1)],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                text=True,
            )
            editing.append(load(wrk, first_path, args.seconds, args.connections, script=script))
            out, _ = editor.communicate(timeout=args.seconds + 60)
            saves += int(out.split()[-1])
    finally:
        stop_server(server)
    best = lambda runs: max(runs, key=lambda r: r[0])  # noqa: E731
    return best(quiet), best(editing), saves


def report(quiet, editing, saves, args):
    ratio = editing[0] / quiet[0]
    print(
        f"\nwrk -t2 -c{args.connections} -d{args.seconds}s over {PAGES} article pages, best of "
        f"{args.rounds}; gunicorn, 2 workers, PostgreSQL, Redis, every cache on\n"
    )
    print("| readers | req/s | p50/p99 ms |")
    print("|---|---|---|")
    for label, (rps, p50, p99) in (("quiet", quiet), ("a draft saved every 0.5 s", editing)):
        print(f"| {label} | {rps:,.0f} | {p50:.1f}/{p99:.1f} |")
    verdict = "met" if ratio >= TARGET else "NOT met"
    print(f"\n{saves} draft saves in all.")
    print(f"While editing: {ratio:.0%} of the quiet throughput, target {TARGET:.0%}: {verdict}")


if __name__ == "__main__":
    main()
