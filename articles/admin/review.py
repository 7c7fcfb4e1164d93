"""
Review in the admin: the message after a submit for review, and the articles waiting for
review on the admin's index page (``{% waiting_for_review %}``, for those who may publish).
"""

from django.contrib import messages
from django.utils.translation import gettext as _

from .. import workflow
from ..models import Article


def waiting_for_review(user, limit=20):
    """The articles submitted for review, oldest change first, for those who may publish them."""
    if not workflow.can_publish(user):
        return Article.objects.none()
    articles = Article.objects.filter(status=Article.Status.REVIEW).select_related("updated_by")
    return workflow.visible_in_admin(user, articles).order_by("updated_at")[:limit]


class ReviewMessages:
    """For the article admin: a save that moves the article into review says so."""

    def save_form(self, request, form, change):
        # Only noted here: the message is given once the whole save has gone through.
        submitted = form.cleaned_data.get("status") == Article.Status.REVIEW
        request.submitted_for_review = submitted and (not change or "status" in form.changed_data)
        return super().save_form(request, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        self.announce_review(request)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        self.announce_review(request)
        return super().response_change(request, obj)

    def announce_review(self, request):
        if getattr(request, "submitted_for_review", False):
            self.message_user(
                request,
                _("Submitted for review: editors now see it waiting for review."),
                messages.SUCCESS,
            )
