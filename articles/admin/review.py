"""
Review in the admin: the articles waiting for review on the admin's index page
(``{% waiting_for_review %}``, for those who may publish). Submitting is a button of the
change form (articles/admin/publishing.py).
"""

from .. import workflow
from ..models import Article


def waiting_for_review(user, limit=20):
    """The articles submitted for review, oldest change first, for those who may publish them."""
    if not workflow.can_publish(user):
        return Article.objects.none()
    articles = Article.objects.filter(status=Article.Status.REVIEW).select_related("updated_by")
    return workflow.visible_in_admin(user, articles).order_by("updated_at")[:limit]
