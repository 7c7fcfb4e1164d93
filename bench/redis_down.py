"""
Redis stopped in the middle of a load: 100 clients for 45 s over load.py's mix against two
app servers behind nginx, with the bench's own Redis stopped at 15 s and started again at
30 s. Runs once with the project's cache (django-redis, IGNORE_EXCEPTIONS) and once with
Django's built-in RedisCache for comparison. Prints, for each third of the run, the
probe's p50 latency and failures (one article page every 0.2 s), whether a signed-in
editor's session still opens the admin, and the keys back in Redis at the end.

    .venv/bin/python bench/redis_down.py [--articles 1000] [--database newsroom_load]
"""

import argparse
import statistics
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import redis
from load import (
    APP_PORTS,
    REDIS_PORT,
    prepare,
    run_mix,
    start_nginx,
    start_redis,
    stop_nginx,
)
from serving import (
    PORT,
    PYTHON,
    ROOT,
    make_database,
    production_environment,
    start_server,
    stop_server,
    wrk_installed,
)

PHASE_SECONDS = 15
SESSION = """
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.cached_db import SessionStore
user, _ = get_user_model().objects.get_or_create(
    username="desk", defaults={"is_staff": True, "is_superuser": True}
)
session = SessionStore()
session["_auth_user_id"] = str(user.pk)
session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
session["_auth_user_hash"] = user.get_session_auth_hash()
session.create()
print(session.session_key)
"""


def fetch(path, session_key=None):
    """The status and time of one request; redirects are not followed."""
    request = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}")
    if session_key:
        request.add_header("Cookie", f"sessionid={session_key}")
    opener = urllib.request.build_opener(NoRedirect)
    start = time.perf_counter()
    try:
        with opener.open(request, timeout=10) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return status, (time.perf_counter() - start) * 1000


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Probe:
    """One article page every 0.2 s, each answer filed under the phase it fell in."""

    def __init__(self, path):
        self.path, self.phase, self.answers = path, 0, [[], [], []]
        self.running = True
        self.thread = threading.Thread(target=self._run)
        self.thread.start()

    def _run(self):
        while self.running:
            self.answers[self.phase].append(fetch(self.path))
            time.sleep(0.2)

    def stop(self):
        self.running = False
        self.thread.join()


def signed_in_editor(env):
    """A session key, made as a sign-in makes it: in the cache and in the database."""
    return subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", SESSION],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()[-1]


def scenario(env, folder, wrk, clients, article):
    server = start_redis(folder)
    session_key = signed_in_editor(env)
    servers = [start_server(env, workers=2, port=port) for port in APP_PORTS]
    start_nginx(folder)
    try:
        load_result = []
        load = threading.Thread(
            target=lambda: load_result.append(run_mix(wrk, folder, clients, 3 * PHASE_SECONDS))
        )
        load.start()
        probe = Probe(article)
        time.sleep(PHASE_SECONDS)
        server.terminate()
        server.wait(timeout=10)
        probe.phase = 1
        time.sleep(PHASE_SECONDS / 2)
        admin_status, _ = fetch("/admin/", session_key)
        time.sleep(PHASE_SECONDS / 2)
        server = start_redis(folder)
        probe.phase = 2
        load.join()
        probe.stop()
        keys = redis.Redis(port=REDIS_PORT).dbsize()
    finally:
        server.terminate()
        server.wait(timeout=10)
        stop_nginx(folder)
        for app in servers:
            stop_server(app)
    return probe.answers, admin_status, keys, load_result[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default="newsroom_load")
    args = parser.parse_args()
    wrk = wrk_installed()
    make_database(args.server, args.database)
    with tempfile.TemporaryDirectory() as folder:
        env = production_environment(folder, f"{args.server}/{args.database}")
        env["REDIS_URL"] = f"redis://127.0.0.1:{REDIS_PORT}/0"
        prepare(env, folder, args.articles)
        article = Path(folder, "articles.txt").read_text().splitlines()[0]
        backends = {
            "django-redis, IGNORE_EXCEPTIONS": env,
            "Django's RedisCache": {
                **env,
                "DJANGO_SETTINGS_MODULE": "settings_builtin_redis",
                "PYTHONPATH": str(ROOT / "bench"),
            },
        }
        print(
            f"\n{args.clients} clients for {3 * PHASE_SECONDS} s, Redis stopped from "
            f"{PHASE_SECONDS} s to {2 * PHASE_SECONDS} s, {args.articles:,} articles\n"
        )
        print(f"{'cache':<34}{'phase':<14}{'p50 ms':>8}{'failed':>8}")
        for name, backend_env in backends.items():
            answers, admin_status, keys, load = scenario(
                backend_env, folder, wrk, args.clients, article
            )
            for phase, label in enumerate(["Redis up", "Redis down", "Redis back"]):
                times = [ms for status, ms in answers[phase] if status == 200]
                failed = sum(status != 200 for status, _ in answers[phase])
                p50 = statistics.median(times) if times else float("nan")
                print(f"{name:<34}{label:<14}{p50:>8.1f}{failed:>8}")
            print(
                f"{'':<34}whole run: {load.rps:.0f} req/s, p99 {load.p99:.0f} ms, "
                f"{load.failed} failed, {load.socket_errors} socket errors; "
                f"editor's /admin/ while down: {admin_status}; keys in Redis at the end: {keys}"
            )


if __name__ == "__main__":
    main()
