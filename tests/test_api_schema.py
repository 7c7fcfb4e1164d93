"""
Schemathesis reads the API's live OpenAPI schema and calls every operation with
generated parameters, valid and not: no answer may be a server error, and every
answer must match what the schema documents (status, headers, content type, body).
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import checks

from articles.models import ReadingList, ReadingListItem

from .factories import (
    add_byline,
    add_footnote,
    add_link,
    add_section,
    make_article,
    make_author,
    png_upload,
)


@pytest.fixture
def newsroom(db, settings):
    settings.NEWSROOM_API_RATES = {"anonymous": "100000/second", "partner": "100000/second"}
    author = make_author("Kim Min-seo", slug="kim-min-seo")
    reading_list = ReadingList.objects.create(name="Budget", slug="budget")
    for n in range(3):
        article = make_article(f"Budget story {n}", lead_image=png_upload(size=(900, 600)))
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


@pytest.mark.usefixtures("newsroom")
@schema.parametrize()
@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_answers_as_its_schema_says(case):
    # Whether a tag, an author, a cursor or search words are usable depends on what is
    # stored, which no schema can say: such requests fit the schema and still get a 400
    # naming the parameter. Every other check runs.
    case.call_and_validate(excluded_checks=[checks.positive_data_acceptance])
