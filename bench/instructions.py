"""
Requests through Django's test client, for counting the instructions a page costs with
valgrind, a count that does not depend on the machine's load (unlike seconds):

    valgrind --tool=callgrind --callgrind-out-file=/dev/null \\
        .venv/bin/python bench/instructions.py PATH --requests N

Run it with N and with 0 requests (both warm up first): the difference of the two
"Collected" totals over N is one request's instructions (after a code change, run it once
first: the first run also compiles the changed modules). The site is the one the
environment names (DATABASE_URL, DJANGO_SETTINGS_MODULE: bench/settings_without_cache.py
for every cache a dummy).
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

WARM_UP = 15


def main():
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()

    import django

    django.setup()
    from django.test import Client

    client = Client()
    for _ in range(WARM_UP + args.requests):
        response = client.get(args.path)
        if response.status_code != 200:
            raise SystemExit(f"{args.path} answered {response.status_code}.")


if __name__ == "__main__":
    main()
