"""A partner's developer reads the API documentation: Swagger UI runs under its own strict CSP."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_api_documentation_works_without_other_origins_or_csp_violations(page, live_server):
    problems = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    requests = []
    page.on("request", lambda request: requests.append(request.url))

    page.goto("/api/v1/docs/")
    operation = page.get_by_text("/api/v1/articles/", exact=True)
    expect(operation).to_be_visible()
    operation.click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    expect(page.locator(".responses-wrapper .response .response-col_status").first).to_have_text(
        "200"
    )

    assert problems == []
    assert all(url.startswith(live_server.url) for url in requests), requests
