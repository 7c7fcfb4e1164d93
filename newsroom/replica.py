"""
An optional read replica (DATABASE_REPLICA_URL): readers' pages read from it,
everything else uses the primary.

Only requests that cannot write are sent to the replica: GET and HEAD requests
outside the admin and previews, by the middleware below. Editors therefore always
read what they have just saved, and the replica's lag only ever delays what
anonymous readers see by a moment.
"""

from contextvars import ContextVar

from django.db import transaction

reading_only = ContextVar("reading_only", default=False)

WRITING_PATHS = ("/admin/", "/preview/")


class ReadOnlyRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        read_only = request.method in ("GET", "HEAD") and not request.path.startswith(WRITING_PATHS)
        token = reading_only.set(read_only)
        try:
            return self.get_response(request)
        finally:
            reading_only.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if reading_only.get() and not transaction.get_connection().in_atomic_block:
            return "replica"
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
