"""
The article admin's history and its conflicting saves: restoring a revision (django-reversion)
moves the article past the versions it had, and a save that lost a race shows the form again.
"""

from django.db import OperationalError

from ..models import Article, EditConflict


class Revisions:
    """For the article admin, before reversion's ``VersionAdmin``."""

    def revision_view(self, request, object_id, version_id, extra_context=None):
        self.check_restore_permission(request)
        # Restoring writes the revision's lock and content versions back. Remember the
        # current ones, so the restored article moves past them: forms opened before the
        # restore then see a conflict, and no cached page is mistaken for the restored one.
        request.versions_before_restore = (
            Article.objects.filter(pk=object_id).values("lock_version", "content_version").first()
        )
        return super().revision_view(request, object_id, version_id, extra_context)

    def recoverlist_view(self, request, extra_context=None):
        self.check_restore_permission(request)
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        self.check_restore_permission(request)
        return super().recover_view(request, version_id, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if before := getattr(request, "versions_before_restore", None):
            Article.objects.filter(pk=object_id).update(
                lock_version=before["lock_version"] + 1,
                content_version=before["content_version"] + 1,
            )
        return super().changeform_view(request, object_id, form_url, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        try:
            return super().change_view(request, object_id, form_url, extra_context)
        except (EditConflict, OperationalError) as error:
            if isinstance(error, OperationalError) and "database is locked" not in str(error):
                raise
            # Two saves raced past the form's own check, or SQLite's wait for the other
            # save ran out. The form is shown again outside a transaction, so it only
            # reads: the editor's text stays, nothing is saved.
            request.save_collided = True
            return self._changeform_view(request, object_id, form_url, extra_context)
