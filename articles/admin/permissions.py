"""
Who may do what in the admin, per role, in one place.

The model permissions say what a role may do at all; ``workflow`` says what it may do to
this article. The article's admin and its inlines both ask here.
"""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404

from .. import workflow
from ..forms import CONTENT_FIELDS


class ContentPartPermissions:
    """For inlines whose rows belong to the article's content: only content editors change them."""

    def may_edit(self, request, obj):
        return workflow.can_edit_content(request.user, obj)

    def has_add_permission(self, request, obj):
        return super().has_add_permission(request, obj) and self.may_edit(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.may_edit(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.may_edit(request, obj)


class CuratedPartPermissions(ContentPartPermissions):
    """For inlines that curators change (read-also links), content editors or not."""

    def may_edit(self, request, obj):
        return workflow.can_curate(request.user, obj)


class ArticlePermissions:
    """What a role may change, delete, publish and restore, and which fields it may edit."""

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or workflow.can_change(request.user, obj)
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or workflow.can_delete(request.user, obj)
        )

    def has_publish_permission(self, request):
        return workflow.can_publish(request.user)

    def article_to_edit(self, request, object_id):
        """
        The article a form posted to one of the form's own endpoints (preview, autosave) edits:
        None for a new article; 404 if this user cannot see it, 403 if they may not change it.
        """
        if object_id is None:
            if not self.has_add_permission(request):
                raise PermissionDenied
            return None
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        return article

    def check_restore_permission(self, request):
        if not workflow.can_restore(request.user):
            raise PermissionDenied

    def check_delete_permission(self, request, queryset):
        if not all(workflow.can_delete(request.user, article) for article in queryset):
            raise PermissionDenied

    def check_preview_permission(self, request, queryset):
        if not all(workflow.can_preview(request.user, article) for article in queryset):
            raise PermissionDenied

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.has_perm("articles.edit_any_article"):
            actions.pop("delete_selected", None)
        return actions

    def get_readonly_fields(self, request, obj=None):
        readonly = [
            "status_label",
            "checks",
            "citable_notes",
            "preview_links",
            "read_also_for_readers",
        ]
        user = request.user
        if not workflow.can_edit_content(user, obj):
            readonly += CONTENT_FIELDS
        if not workflow.can_curate(user, obj):
            readonly += ["tags", "reading_lists", "read_also_suggestions"]
        if not workflow.can_publish(user):
            readonly.append("published_at")
        return readonly

    def get_prepopulated_fields(self, request, obj=None):
        return self.prepopulated_fields if workflow.can_edit_content(request.user, obj) else {}

    def hidden_fields(self, request, obj):
        """Fields of the fieldsets this user does not see on this article."""
        hidden = set()
        if obj is None or not workflow.can_curate(request.user, obj):
            hidden.add("add_suggestions")
        # A shared link is made when the page shows it: only for those who may preview.
        if obj is None or not workflow.can_preview(request.user, obj):
            hidden.add("preview_links")
        # The lock version only matters to a form that saves.
        if obj is not None and not self.has_change_permission(request, obj):
            hidden.add("lock_version")
        return hidden
