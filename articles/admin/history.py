"""The article's history: each save beside the one before it, as a word-level diff of its texts."""

from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from reversion.models import Version

from .. import revision_diff


class HistoryComparison:
    """For the article admin: "What changed" on each row of the history."""

    object_history_template = "admin/articles/article/object_history.html"

    def get_urls(self):
        compare = self.admin_site.admin_view(self.compare_view)
        return [
            path(
                "<path:object_id>/history/<int:revision_id>/changes/",
                compare,
                name="articles_article_revision_changes",
            ),
            *super().get_urls(),
        ]

    def compare_view(self, request, object_id, revision_id):
        article = self.get_object(request, object_id)
        if article is None or not self.has_view_or_change_permission(request, article):
            raise Http404
        versions = Version.objects.get_for_object(article).select_related("revision__user")
        version = versions.filter(revision_id=revision_id).first()
        if version is None:
            raise Http404
        previous = versions.filter(pk__lt=version.pk).first()
        after = revision_diff.revision_reading(version)
        before = revision_diff.revision_reading(previous) if previous else revision_diff.EMPTY
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": article,
            "title": _("What changed in this save"),
            "version": version,
            "previous": previous,
            "changes": revision_diff.changes(before, after),
        }
        return TemplateResponse(request, "admin/articles/article/revision_changes.html", context)
