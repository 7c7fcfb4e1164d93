"""
The demo site's reader pages and API answers, compared with a stored copy.

Reorganising the code must not change what readers see. A change meant to alter pages
rewrites the copy with ``NEWSROOM_SNAPSHOT_UPDATE=1 pytest tests/test_demo_snapshot.py``;
the diff of ``tests/fixtures/demo_site.*.json`` then shows reviewers exactly what changed.

Stored files are named by upload date and a random token, so each page's media addresses
are compared by the order they first appear in, not by name. API answers are compared as
JSON values: PostgreSQL's ``jsonb`` keeps an object's keys in an order of its own. Each
database has its copy, since their full-text searches rank matches differently.
"""

import datetime
import json
import os
import re
from pathlib import Path

import pytest
from django.db import connection

from articles.demo import load_demo

from .reader_site import api_urls, fetch, public_urls

FIXTURES = Path(__file__).parent / "fixtures"
DEMO_TIME = datetime.datetime(2026, 11, 2, 9, tzinfo=datetime.UTC)
MEDIA_ADDRESS = re.compile(r"/media/[^\s\"'),]+")


def readable(body, is_json):
    text = body.decode()
    if is_json:
        text = json.dumps(json.loads(text), ensure_ascii=False, sort_keys=True)
    names = {}
    text = MEDIA_ADDRESS.sub(lambda found: f"/media/{names.setdefault(found[0], len(names))}", text)
    return json.loads(text) if is_json else text


@pytest.mark.django_db(transaction=True, reset_sequences=True)
def test_the_demo_site_reads_as_the_stored_copy(client, settings):
    settings.NEWSROOM_PAGE_CACHE = False
    load_demo(now=DEMO_TIME)
    api = api_urls()
    answers = {
        url: {"status": status, "location": location, "body": readable(body, url in api)}
        for url, (status, location, body) in fetch(client, public_urls() + api).items()
    }
    assert {answer["status"] for answer in answers.values()} == {200}
    snapshot = FIXTURES / f"demo_site.{connection.vendor}.json"
    if os.environ.get("NEWSROOM_SNAPSHOT_UPDATE"):
        copy = json.dumps(answers, ensure_ascii=False, indent=1, sort_keys=True)
        snapshot.write_text(copy + "\n")
    stored = json.loads(snapshot.read_text())
    assert sorted(answers) == sorted(stored)
    assert [url for url in answers if answers[url] != stored[url]] == []
