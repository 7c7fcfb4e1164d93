"""Previews in the article admin: the links to preview and share, and revoking shared links."""

from django.contrib import admin
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .. import workflow


class Previews:
    """For the article admin: the ``preview_links`` field and the ``revoke_share_links`` action."""

    @admin.display(description=_("preview"))
    def preview_links(self, article):
        if not article.pk:
            return "-"
        return format_html(
            '<a href="{}">{}</a><br>'
            '<a href="{}" id="share-link" target="_blank" rel="noopener">{}</a>'
            ' <button type="button" class="button" data-copy-link="share-link" hidden>{}</button>'
            ' <span class="copy-status" role="status" aria-live="polite"></span> {}',
            article.get_preview_url(),
            _("Preview as readers will see it"),
            workflow.preview_url(article),
            _("Shareable preview link"),
            _("Copy shareable link"),
            _(
                "(copy it for reviewers outside the newsroom; it works until %(until)s, or until "
                "the article is taken down or its links are revoked)"
            )
            % {
                "until": date_format(
                    timezone.localtime(workflow.preview_expires()), "DATETIME_FORMAT"
                )
            },
        )

    @admin.action(
        description=_("Revoke all shared preview links of selected articles"),
        permissions=["publish"],
    )
    def revoke_share_links(self, request, queryset):
        self.check_preview_permission(request, queryset)
        revoked = workflow.revoke_share_links(queryset)
        self.message_user(
            request,
            ngettext(
                "Shared preview links of %d article revoked; new links work again.",
                "Shared preview links of %d articles revoked; new links work again.",
                revoked,
            )
            % revoked,
        )
