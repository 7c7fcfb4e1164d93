"""
The query planner's statistics, refreshed after a bulk load.

PostgreSQL plans from statistics that autovacuum refreshes only after a while; right after
a load of thousands of rows it can pick a plan made for an empty table (list and tag pages
2-4 times slower). seed_bulk, the batch import and restore therefore run ANALYZE on the
tables they filled. Other databases keep no such statistics, or refresh them themselves.

Outside a transaction it is VACUUM ANALYZE: a load writes each article twice (the row, then
its search index entry), and until the dead first versions are vacuumed away every index
scan reads both, and index-only scans (the sitemap's lastmods, the search window's start) go to
the table for every row.
"""

from django.apps import apps
from django.db import connection
from taggit.models import Tag


def refresh():
    """(VACUUM) ANALYZE the articles app's tables and the tags (PostgreSQL; nothing elsewhere)."""
    if connection.vendor != "postgresql":
        return
    models = [*apps.get_app_config("articles").get_models(), Tag]
    tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in models)
    # VACUUM cannot run inside a transaction (the tests', or a caller's atomic block).
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    # No ORM call says ANALYZE: a maintenance statement, with the tables' names from _meta.
    with connection.cursor() as cursor:
        cursor.execute(f"{command} {tables}")
