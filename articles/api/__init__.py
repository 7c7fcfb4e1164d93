"""
The content API: published articles as JSON for apps, partner sites and newsletters.

Read-only, under /api/v1/, described by the OpenAPI schema at /api/v1/schema/. It
shows exactly what the reader site shows (the same ``published()`` query), answers
from the same page cache with the same ETags, and limits each client's rate.
"""
