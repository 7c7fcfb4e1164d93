"""
Schemathesis reads the API's live OpenAPI schema and calls every operation with
generated parameters, valid and not, and runs every check: no answer may be a server
error, a request the schema allows must not be refused (400) nor one it forbids
accepted, and every answer must match what the schema documents (status, headers,
content type, body). With a partner key every operation's logic runs; without one, a
client over its rate gets the documented 429.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework_api_key.models import APIKey

from articles.models import ReadingList, ReadingListItem

from .factories import (
    add_byline,
    add_footnote,
    add_link,
    add_section,
    make_article,
    make_author,
    make_picture,
    png_upload,
)


@pytest.fixture
def partner_key(db, settings):
    """A partner's key, with a limit no run reaches; anonymous clients keep the default."""
    settings.NEWSROOM_API_RATES = {**settings.NEWSROOM_API_RATES, "partner": "100000/second"}
    _key, secret = APIKey.objects.create_key(name="Contract tests")
    return {"Authorization": f"Api-Key {secret}"}


@pytest.fixture
def newsroom(db):
    author = make_author("Kim Min-seo", slug="kim-min-seo")
    reading_list = ReadingList.objects.create(name="Budget", slug="budget")
    for n in range(3):
        article = make_article(
            f"Budget story {n}", lead_picture=make_picture(png_upload(size=(900, 600)))
        )
        add_byline(article, author)
        with article.rendering_once():
            add_section(article, "<p>Spending rose.[^kim]</p>", heading="Numbers")
            add_footnote(article, "kim", authors="Kim, M.", year=2025, url="https://example.org")
        add_link(article, title="Elsewhere", url="https://example.com/")
        article.tags.add("budget")
        ReadingListItem.objects.create(reading_list=reading_list, article=article, order=n)
    make_article("A draft", published=False)


@pytest.fixture(autouse=True)
def connections_outlive_requests():
    """
    As Django's test client does: the real WSGI handler closes connections after each
    request, which on PostgreSQL would end the test's transaction.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


# The schema is read from the running application, as a client would read it.
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())


EXAMPLES = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.mark.usefixtures("newsroom")
@schema.parametrize()
@EXAMPLES
def test_api_answers_as_its_schema_says(case, partner_key):
    response = case.call_and_validate(headers=partner_key)
    assert response.status_code != 429, "a partner's run must reach every operation's logic"


@pytest.fixture
def tight_limit(settings):
    settings.NEWSROOM_API_RATES = {**settings.NEWSROOM_API_RATES, "anonymous": "3/minute"}


@pytest.mark.usefixtures("newsroom", "tight_limit")
@schema.parametrize()
@settings(EXAMPLES, max_examples=15)
def test_without_a_key_the_only_refusals_are_documented_429s(case):
    case.call_and_validate()


@pytest.mark.usefixtures("newsroom", "tight_limit")
def test_a_client_over_its_rate_is_told_when_to_come_back():
    operation = schema["/api/v1/articles/"]["GET"]
    answers = [operation.Case().call() for _ in range(4)]
    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    limited = answers[-1]
    assert 0 < int(limited.headers["retry-after"][0]) <= 60
    assert "throttled" in limited.json()["detail"]
    operation.Case().validate_response(limited)
