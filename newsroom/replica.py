"""
An optional read replica (DATABASE_REPLICA_URL): readers' pages read from it,
everything else uses the primary.

Only requests that cannot write and come from nobody signed in are sent to the replica:
GET and HEAD requests outside the admin and previews, without a session cookie (readers
never get one), by the middleware below, and only their reads outside transactions. Editors
therefore read the primary wherever they go, and see what they have just saved however far
the replica lags; the lag only ever delays what anonymous readers see.

A replica that cannot be reached sends readers to the primary too, with a logged warning,
and is tried again after NEWSROOM_REPLICA_RETRY_SECONDS.
"""

import logging
import time
from contextvars import ContextVar

from django.conf import settings
from django.db import DatabaseError, connections, transaction

logger = logging.getLogger(__name__)

reading_only = ContextVar("reading_only", default=False)

WRITING_PATHS = ("/admin/", "/preview/")
REPLICA = "replica"

_unreachable_until = 0.0


def replica_reachable():
    """Whether the replica answers; checked once per request, not before every query."""
    global _unreachable_until
    if time.monotonic() < _unreachable_until:
        return False
    replica = connections[REPLICA]
    try:
        replica.close_if_health_check_failed()
        replica.ensure_connection()
    except DatabaseError as error:
        _unreachable_until = time.monotonic() + settings.NEWSROOM_REPLICA_RETRY_SECONDS
        logger.warning("The read replica is unreachable; readers read the primary: %s", error)
        return False
    return True


def is_readers_request(request):
    return (
        request.method in ("GET", "HEAD")
        and not request.path.startswith(WRITING_PATHS)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


class ReadOnlyRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = reading_only.set(is_readers_request(request) and replica_reachable())
        try:
            return self.get_response(request)
        finally:
            reading_only.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if reading_only.get() and not transaction.get_connection().in_atomic_block:
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
