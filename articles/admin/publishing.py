"""The article admin's bulk actions that publish and unpublish."""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .. import editorial_checks
from ..models import Article


class PublishingActions:
    """For the article admin: the ``publish`` and ``unpublish`` actions."""

    @admin.action(description=_("Publish selected articles now"), permissions=["publish"])
    def publish(self, request, queryset):
        published = 0
        for article in queryset.exclude(status=Article.Status.PUBLISHED):
            errors = [
                finding.message
                for finding in article.editorial_findings(publishing=True)
                if finding.level == editorial_checks.ERROR
            ]
            if errors:
                self.message_user(
                    request, f"{article.headline}: {' '.join(errors)}", level=messages.ERROR
                )
                continue
            now = timezone.now()
            article.status = Article.Status.PUBLISHED
            # "Now" means now: an earlier publication time stays, a future one does not.
            if article.published_at is None or article.published_at > now:
                article.published_at = now
            article.updated_by = request.user
            article.save()
            published += 1
        self.message_user(
            request,
            ngettext("%d article published.", "%d articles published.", published) % published,
        )

    @admin.action(description=_("Unpublish selected articles"), permissions=["publish"])
    def unpublish(self, request, queryset):
        changed = 0
        for article in queryset.filter(status=Article.Status.PUBLISHED):
            article.status = Article.Status.UNPUBLISHED
            article.updated_by = request.user
            article.save()
            changed += 1
        self.message_user(
            request,
            ngettext("%d article unpublished.", "%d articles unpublished.", changed) % changed,
        )
