"""
Sustained load: 100 concurrent clients for 60 s over a mix of pages (article pages 80%,
the newest read most; home and tag pages 15%; search 5%) against two app servers
(gunicorn, make serve's configuration) behind nginx with deploy/nginx.conf, on PostgreSQL
and a Redis of the bench's own, with 10,000 articles. After 10 s of warm-up it runs twice:
readers alone, then with an editor publishing an article every 10 s (each publication
makes every cached page stale).
Prints throughput, p50/p95/p99 latency, errors (non-2xx/3xx and socket errors, which
must be 0) and the most database connections seen at once.

Makes the database --database afresh on --server (dropped first if it is there).

    .venv/bin/python bench/load.py [--clients 100] [--seconds 60] [--articles 10000]
        [--server postgres://postgres@127.0.0.1:5432] [--database newsroom_load]
"""

import argparse
import os
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg
import redis
from serving import (
    PORT,
    PYTHON,
    ROOT,
    make_database,
    manage,
    production_environment,
    start_server,
    stop_server,
    wait_for_port,
    wrk_installed,
)

APP_PORTS = (8001, 8002)  # as in deploy/nginx.conf
REDIS_PORT = 6391
WARM_UP_SECONDS = 10
SEARCHES = ["chip", "semiconductor", "election", "budget", "climate", "seoul"]

PATHS = """
from django.urls import reverse
from taggit.models import Tag
from articles.models import Article
published = Article.objects.published()
with open("{folder}/articles.txt", "w") as out:
    for article in published.order_by("-published_at").only("slug", "published_at").iterator():
        print(article.get_absolute_url(), file=out)
with open("{folder}/lists.txt", "w") as out:
    print("/", file=out)
    for tag in Tag.objects.all()[:30]:
        print(reverse("articles:tag", args=[tag.slug]), file=out)
"""

PUBLISHER = """
import time
from articles.models import Article, Section
end = time.monotonic() + {seconds}
count = 0
while time.monotonic() < end:
    count += 1
    article = Article(
        headline=f"Breaking: update {{count}} from the newsroom",
        dek="Published while readers read.",
        status=Article.Status.PUBLISHED,
    )
    article.save()
    Section(article=article, body="<p>What we know so far.</p>", order=0).save()
    time.sleep(10)
print(f"editor published {{count}} articles")
"""

MIX = """
local function lines(name)
  local list = {{}}
  for line in io.lines(name) do list[#list + 1] = line end
  return list
end
local articles = lines("{folder}/articles.txt")
local lists = lines("{folder}/lists.txt")
local searches = lines("{folder}/searches.txt")
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("number", threads)
end
init = function(args)
  math.randomseed(os.time() + number * 7919)
end
request = function()
  local roll = math.random(100)
  if roll <= 80 then
    -- Newest first, read most: the newest tenth of the articles gets 46% of their requests.
    return wrk.format("GET", articles[1 + math.floor(#articles * math.random() ^ 3)])
  end
  local pool = roll <= 95 and lists or searches
  return wrk.format("GET", pool[math.random(#pool)])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT %d %d %d %d %d %d %d\\n", summary.requests, summary.duration, e.status,
    e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""

NGINX = """
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {folder}/nginx-body;
    proxy_temp_path {folder}/nginx-proxy;
    include {site};
}}
"""


def prepare(env, folder, articles):
    """The site with ``articles`` articles, and the mix's addresses and script in ``folder``."""
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    manage(env, "seed_demo")
    manage(env, "seed_bulk", str(max(1, articles - 6)))
    manage(env, "shell", "-c", PATHS.format(folder=folder))
    Path(folder, "searches.txt").write_text("".join(f"/search/?q={q}\n" for q in SEARCHES))
    Path(folder, "mix.lua").write_text(MIX.format(folder=folder))


def start_redis(folder):
    process = subprocess.Popen(
        ["redis-server", "--bind", "127.0.0.1", "--port", str(REDIS_PORT), "--save", ""]
        + ["--appendonly", "no", "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
    )
    if not wait_for_port(REDIS_PORT):
        raise SystemExit("redis-server did not start.")
    return process


def nginx_installed():
    if not shutil.which("nginx"):
        print("Installing nginx (Debian package)…")
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "nginx"], check=True, capture_output=True
        )
    return shutil.which("nginx")


def start_nginx(folder):
    site = Path(folder, "site.conf")
    site.write_text(
        (ROOT / "deploy/nginx.conf")
        .read_text()
        .replace("listen 80;", f"listen 127.0.0.1:{PORT};")
        .replace("server_name news.example.com;", "server_name 127.0.0.1;")
    )
    config = Path(folder, "nginx.conf")
    config.write_text(NGINX.format(folder=folder, site=site))
    subprocess.run([nginx_installed(), "-c", str(config)], check=True)
    if not wait_for_port(PORT):
        raise SystemExit("nginx did not start.")


def stop_nginx(folder):
    subprocess.run(["nginx", "-c", f"{folder}/nginx.conf", "-s", "quit"], check=True)


class ConnectionCount:
    """The most connections to the database seen at once, sampled every half second."""

    def __init__(self, server, database):
        self.url, self.database, self.most = f"{server}/postgres", database, 0
        self.running = True
        self.thread = threading.Thread(target=self._sample)
        self.thread.start()

    def _sample(self):
        with psycopg.connect(self.url, autocommit=True) as connection:
            while self.running:
                count = connection.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = %s", [self.database]
                ).fetchone()[0]
                self.most = max(self.most, count)
                time.sleep(0.5)

    def stop(self):
        self.running = False
        self.thread.join()
        return self.most


def cache_hits_and_misses():
    stats = redis.Redis(port=REDIS_PORT).info("stats")
    return stats["keyspace_hits"], stats["keyspace_misses"]


@dataclass
class Load:
    rps: float
    p50: float
    p95: float
    p99: float
    failed: int  # answers other than 2xx or 3xx
    socket_errors: int  # refused, reset, or no answer within 10 s

    @property
    def errors(self):
        return self.failed + self.socket_errors


def run_mix(wrk, folder, clients, seconds):
    result = subprocess.run(
        [wrk, "-t2", f"-c{clients}", f"-d{seconds}s", "--timeout", "10s"]
        + ["-s", f"{folder}/mix.lua", f"http://127.0.0.1:{PORT}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(line for line in result.splitlines() if line.startswith("RESULT"))
    requests, duration, status, sockets, p50, p95, p99 = (int(v) for v in line.split()[1:])
    return Load(requests / (duration / 1e6), p50 / 1000, p95 / 1000, p99 / 1000, status, sockets)


def main():
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2, help="per app server")
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default="newsroom_load")
    args = parser.parse_args()
    wrk = wrk_installed()
    make_database(args.server, args.database)
    with tempfile.TemporaryDirectory() as folder:
        env = production_environment(folder, f"{args.server}/{args.database}")
        env["REDIS_URL"] = f"redis://127.0.0.1:{REDIS_PORT}/0"
        prepare(env, folder, args.articles)
        cache_server = start_redis(folder)
        servers = [start_server(env, workers=args.workers, port=port) for port in APP_PORTS]
        start_nginx(folder)
        try:
            print(
                f"\n{args.clients} clients, {args.seconds} s, nginx → 2 gunicorns × "
                f"{args.workers} workers, PostgreSQL + Redis, {args.articles:,} articles\n"
            )
            print(
                f"{'run':<18}{'req/s':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
                f"{'errors':>7}{'db conns':>9}{'cache hits':>11}{'load avg':>9}"
            )
            run_mix(wrk, folder, args.clients, WARM_UP_SECONDS)  # workers started, caches filled
            for name, editor in [("readers", False), ("readers + editor", True)]:
                publisher = None
                if editor:
                    publisher = subprocess.Popen(
                        [
                            PYTHON,
                            "manage.py",
                            "shell",
                            "-c",
                            PUBLISHER.format(seconds=args.seconds),
                        ],
                        cwd=ROOT,
                        env=env,
                    )
                connections = ConnectionCount(args.server, args.database)
                hits_before, misses_before = cache_hits_and_misses()
                load = run_mix(wrk, folder, args.clients, args.seconds)
                most = connections.stop()
                hits, misses = cache_hits_and_misses()
                hit_ratio = (hits - hits_before) / max(
                    1, hits + misses - hits_before - misses_before
                )
                # The machine's other work, for reading the figures: runnable processes, 1 minute.
                machine = os.getloadavg()[0]
                if publisher:
                    publisher.wait(timeout=30)
                print(
                    f"{name:<18}{load.rps:>7.0f}{load.p50:>9.1f}{load.p95:>9.1f}{load.p99:>9.1f}"
                    f"{load.errors:>7}{most:>9}{hit_ratio:>11.0%}{machine:>9.1f}"
                )
                assert load.errors == 0, (
                    f"{name}: {load.failed} failed, {load.socket_errors} socket"
                )
        finally:
            stop_nginx(folder)
            for server in servers:
                stop_server(server)
            cache_server.terminate()
            cache_server.wait(timeout=10)


if __name__ == "__main__":
    main()
