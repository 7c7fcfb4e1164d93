"""Running the production server for benchmarks: on loopback, bounded, stopped afterwards."""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PORT = 8123


def production_environment(folder, database_url=""):
    """make serve's settings, with a throwaway database, media and static folder."""
    return {
        **os.environ,
        "NEWSROOM_ENV": "production",
        "SECRET_KEY": "benchmark-only-" + os.urandom(16).hex(),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url or f"sqlite:///{folder}/bench.sqlite3",
        "STATIC_ROOT": f"{folder}/static",
        "MEDIA_ROOT": f"{folder}/media",
        "SECURE_SSL_REDIRECT": "0",
    }


DEMO_ARTICLE = "korea-ai-basic-act-first-year"


def prepare_site(env):
    """A fresh production site with the demo content; returns the demo's richest article."""
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    manage(env, "seed_demo")
    lookup = (
        "from articles.models import Article; "
        f"print(Article.objects.get(slug={DEMO_ARTICLE!r}).get_absolute_url())"
    )
    return shell_output(env, lookup).splitlines()[-1]


def make_database(server, name):
    """A new, empty PostgreSQL database ``name`` on ``server``, replacing one of that name."""
    drop_database(server, name)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_database(server, name):
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')


def shell_output(env, code):
    """What ``code``, run by manage.py shell on the site, prints."""
    result = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def wrk_installed():
    if shutil.which("wrk"):
        return "wrk"
    print("Installing wrk (Debian package)…")
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, capture_output=True)
    return shutil.which("wrk")


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def start_server(env, page_cache=True, workers=2, cache=True, port=PORT):
    """``cache=False``: no cache at all (bench/settings_without_cache.py)."""
    server_env = {**env, "NEWSROOM_PAGE_CACHE": "1" if page_cache else "0"}
    if not cache:
        server_env["DJANGO_SETTINGS_MODULE"] = "settings_without_cache"
        server_env["PYTHONPATH"] = str(ROOT / "bench")
    process = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "newsroom.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=server_env,
        start_new_session=True,
    )
    if not wait_for_port(port):
        process.terminate()
        raise SystemExit("The server did not start.")
    return process


def wait_for_port(port, seconds=10):
    for _ in range(seconds * 10):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return True
        except OSError:
            time.sleep(0.1)
    return False


def stop_server(process):
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=20)


def load(wrk, path, seconds, connections, threads=2, port=PORT, script=None):
    """``script``: a wrk Lua script choosing each request's path (``path`` is then warmed only)."""
    url = f"http://127.0.0.1:{port}{path}"
    with urllib.request.urlopen(url) as response:  # warm the cache and check it answers 200
        assert response.status == 200, (url, response.status)
    result = subprocess.run(
        [
            wrk,
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "--latency",
            *(["-s", script] if script else []),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", result)
    assert not errors, f"{url}: {errors.group(1)} errors"
    failures = re.search(r"Socket errors: (.*)", result)
    assert not failures, f"{url}: socket errors: {failures.group(1)}"
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", result).group(1))
    return rps, _latency(result, "50%"), _latency(result, "99%")


def keep(best, key, result):
    """Keep ``result`` (a load's requests per second first) in ``best`` when it is the best."""
    if key not in best or result[0] > best[key][0]:
        best[key] = result


def _latency(output, percentile):
    value, unit = re.search(rf"{percentile}\s+([\d.]+)(us|ms|s)", output).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
