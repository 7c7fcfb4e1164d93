"""Addresses the site can never have are not found, on every database."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "address",
    [
        "/2026/12/2/budget%00vote/",
        "/tags/budget%00/",
        "/tags/budget%00/rss/",
        "/authors/a%00b/",
        "/sitemap-articles%00.xml",
        "/api/v1/reading-lists/a%00b/",
        "/preview/shared/a%00b/",
    ],
)
def test_an_address_with_a_nul_character_is_not_found(client, address):
    """PostgreSQL refuses NUL in a query: such an address is a 404, not a server error."""
    assert client.get(address).status_code == 404
