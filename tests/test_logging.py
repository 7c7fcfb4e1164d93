"""What an error leaves behind: its traceback on stderr (gunicorn's error log), with its id."""

import io
import logging

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def stderr():
    handler = next(h for h in logging.getLogger("django").handlers if h.name == "stderr")
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


def test_a_server_error_is_logged_with_its_traceback_and_request_id(settings, stderr):
    settings.ROOT_URLCONF = "tests.urls_failing"
    response = Client(raise_request_exception=False).get("/broken/")
    assert response.status_code == 500
    request_id = response["X-Request-ID"]
    assert len(request_id) == 32
    logged = stderr.getvalue()
    assert f"ERROR [{request_id}] django.request: Internal Server Error: /broken/" in logged
    assert "RuntimeError: the printer is on fire" in logged


def test_every_answer_names_its_request_id(client):
    first, second = client.get("/"), client.get("/")
    assert first["X-Request-ID"] != second["X-Request-ID"]
