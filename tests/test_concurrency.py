"""Two editors saving one article at once, on SQLite (a file, as in production) and PostgreSQL."""

import sqlite3
import threading

import pytest
from django.db import connection, connections
from django.test import Client

from articles.models import Article

from .admin_forms import change_url, form_fields, reload, staff_user
from .factories import make_article

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_two_simultaneous_saves_one_wins_the_other_is_told(django_user_model):
    article = make_article("Shared story", published=False)
    editors = [staff_user(django_user_model, "Editor", username=name) for name in ("kim", "lee")]
    clients, forms = [], []
    for editor in editors:
        client = Client()
        client.force_login(editor)
        clients.append(client)
        forms.append(form_fields(client.get(change_url(article))))
    forms[0]["headline"] = "Kim's headline"
    forms[1]["headline"] = "Lee's headline"

    start = threading.Barrier(2)
    responses = [None, None]

    def save(index):
        try:
            start.wait()
            responses[index] = clients[index].post(change_url(article), forms[index])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    statuses = sorted(response.status_code for response in responses)
    assert statuses == [200, 302]
    loser = next(i for i, response in enumerate(responses) if response.status_code == 200)
    winner = 1 - loser
    assert "saved this article at" in responses[loser].content.decode()
    assert form_fields(responses[loser])["headline"] == forms[loser]["headline"]
    assert reload(article).headline == forms[winner]["headline"]
    assert Article.objects.count() == 1


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's database lock")
def test_a_save_that_cannot_get_the_database_lock_keeps_the_text(django_user_model):
    """When SQLite's wait for another writer runs out, the editor is told, as for a conflict."""
    article = make_article("Shared story", published=False)
    client = Client()
    client.force_login(staff_user(django_user_model, "Editor"))
    form = form_fields(client.get(change_url(article)))
    form["headline"] = "Kim's headline"
    other_writer = sqlite3.connect(connection.settings_dict["NAME"])
    other_writer.execute("BEGIN IMMEDIATE")
    connection.ensure_connection()
    connection.connection.execute("PRAGMA busy_timeout = 50")
    try:
        response = client.post(change_url(article), form)
    finally:
        other_writer.rollback()
        other_writer.close()
    assert response.status_code == 200
    assert "Someone else was saving this article at the same moment" in response.content.decode()
    assert form_fields(response)["headline"] == "Kim's headline"
    assert reload(article).headline == "Shared story"
