"""
Reads against a real PostgreSQL streaming replica (`make test-replica` starts a primary and
its replica and names them in DATABASE_URL and DATABASE_REPLICA_URL). Lag is made by pausing
the replica's replay; rows are committed, since the replica sees nothing uncommitted.
"""

import os
import subprocess
import time

import psycopg
import pytest
from django.conf import settings
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext

from articles import workflow
from articles.models import Article
from newsroom import replica

from .admin_forms import change_url, errors, form_fields, press, saved, staff_user
from .factories import add_section, make_article

pytestmark = [
    pytest.mark.replica,
    pytest.mark.django_db(transaction=True, serialized_rollback=True, databases="__all__"),
]


def server(alias):
    """A connection of its own for replication controls, which no model query can express."""
    options = connections[alias].settings_dict
    return psycopg.connect(
        host=options["HOST"], port=options["PORT"], user=options["USER"], autocommit=True
    )


def caught_up():
    """Wait until the replica has replayed everything the primary has written."""
    with server("default") as primary:
        position = primary.execute("SELECT pg_current_wal_lsn()").fetchone()[0]
    with server(replica.REPLICA) as standby:
        for _ in range(100):
            replayed = standby.execute(
                "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [position]
            ).fetchone()[0]
            if replayed:
                return
            time.sleep(0.05)
    raise AssertionError("The replica did not catch up within 5 seconds.")


@pytest.fixture(autouse=True)
def real_replica():
    if "replica" not in settings.DATABASES:
        if os.environ.get("CI"):
            pytest.fail("DATABASE_REPLICA_URL must be set in CI (make test-replica sets it).")
        pytest.skip("No replica: run `make test-replica`, which starts a primary and a replica.")
    replica._unreachable_until = 0.0


@pytest.fixture
def lag():
    """Call it, and the replica stops replaying what the primary writes until the test ends."""

    def pause():
        caught_up()
        with server(replica.REPLICA) as standby:
            standby.execute("SELECT pg_wal_replay_pause()")

    yield pause
    with server(replica.REPLICA) as standby:
        standby.execute("SELECT pg_wal_replay_resume()")
    caught_up()


def pg_ctl(action):
    command = [
        os.environ["NEWSROOM_TEST_REPLICA_CTL"],
        "-D",
        os.environ["NEWSROOM_TEST_REPLICA_DATA"],
    ]
    if action == "start":
        command += ["-o", os.environ["NEWSROOM_TEST_REPLICA_OPTIONS"], "-l", "/dev/null"]
    subprocess.run(["runuser", "-u", "postgres", "--", *command, "-w", action], check=True)


@pytest.fixture
def replica_down():
    caught_up()
    pg_ctl("stop")
    yield
    pg_ctl("start")
    connections[replica.REPLICA].close()


def published(headline, text="<p>The first version.</p>"):
    article = make_article(headline)
    add_section(article, text)
    return article


def rewrite(article, headline):
    article.headline = headline
    article.save()


def queries_by_database(client, path):
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections[replica.REPLICA]) as standby,
    ):
        response = client.get(path)
    return response, len(primary), len(standby)


def test_reader_pages_read_the_replica_only(client):
    article = published("Assembly passes the budget")
    caught_up()
    for path in (article.get_absolute_url(), "/", "/search/?q=budget"):
        response, on_primary, on_replica = queries_by_database(client, path)
        assert response.status_code == 200, path
        assert (on_primary, on_replica > 0) == (0, True), path


def test_readers_see_the_older_version_while_the_replica_lags(client, lag):
    article = published("Assembly passes the budget")
    lag()
    rewrite(article, "Assembly passes the budget after all-night session")

    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "Assembly passes the budget</h1>" in response.text
    assert "all-night" not in response.text


def test_an_editor_sees_what_they_just_saved_while_the_replica_lags(client, django_user_model, lag):
    article = published("Ferry service resumes")
    lag()
    client.get(article.get_absolute_url())  # cached for readers as it was
    client.force_login(staff_user(django_user_model, "Editor"))
    data = {
        **form_fields(client.get(change_url(article))),
        "headline": "Ferry service resumes Monday",
    }
    response = client.post(change_url(article), press(data, "publish"))
    assert saved(response), errors(response)

    assert "Ferry service resumes Monday" in client.get(change_url(article)).text
    page, _on_primary, on_replica = queries_by_database(client, article.get_absolute_url())
    assert "Ferry service resumes Monday" in page.text
    assert on_replica == 0
    client.logout()
    client.cookies.clear()
    assert "Ferry service resumes Monday" not in client.get(article.get_absolute_url()).text


def test_previews_and_shared_links_read_the_primary(client, django_user_model, lag):
    lag()
    draft = make_article("Draft about the port strike", published=False)
    add_section(draft, "<p>Written a moment ago.</p>")

    shared = client.get(workflow.preview_url(draft))
    assert shared.status_code == 200 and "Written a moment ago." in shared.text
    client.force_login(staff_user(django_user_model, "Editor"))
    staff = client.get(f"/preview/{draft.pk}/")
    assert staff.status_code == 200 and "Written a moment ago." in staff.text


def test_reads_inside_a_transaction_use_the_primary(lag):
    lag()
    article = published("Written during the lag")
    token = replica.reading_only.set(True)
    try:
        assert not Article.objects.filter(pk=article.pk).exists()
        with transaction.atomic():
            assert Article.objects.filter(pk=article.pk).exists()
    finally:
        replica.reading_only.reset(token)


def test_readers_read_the_primary_with_a_warning_when_the_replica_is_down(
    client, replica_down, caplog
):
    article = published("Power restored in Busan")
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "Power restored in Busan" in response.text
    warnings = [r for r in caplog.records if r.name == "newsroom.replica"]
    assert [r.levelname for r in warnings] == ["WARNING"]
    assert client.get("/").status_code == 200
    assert len([r for r in caplog.records if r.name == "newsroom.replica"]) == 1
