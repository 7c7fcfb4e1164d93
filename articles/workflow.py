"""
Who may do what to an article, and how it moves from draft to readers.

Roles are Django groups created by a data migration (see ROLE_PERMISSIONS); the
admin asks this module before it shows or accepts anything. Publication is a
status plus a time: an article published for a future moment is "scheduled",
and becomes visible when the moment comes, with no job to run.
"""

import datetime
import time

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import editorial_checks
from .models import Article, Byline

WRITER, EDITOR, CURATOR = "Writer", "Editor", "Curator"

_PART_MODELS = ["section", "footnote", "byline"]


def _crud(model, *actions):
    return [f"articles.{action}_{model}" for action in actions]


_CURATION = [
    *_crud("readinglist", "add", "change", "delete", "view"),
    *_crud("readinglistitem", "add", "change", "delete", "view"),
    "taggit.add_tag",
    "taggit.change_tag",
    "taggit.delete_tag",
    "taggit.view_tag",
]

ROLE_PERMISSIONS = {
    WRITER: [
        *_crud("article", "add", "change", "delete", "view"),
        *[
            perm
            for model in _PART_MODELS
            for perm in _crud(model, "add", "change", "delete", "view")
        ],
        *_crud("relatedlink", "add", "change", "delete", "view"),
        *_crud("picture", "add", "change", "view"),
        *_crud("author", "view"),
        *_crud("correction", "view"),
        *_crud("readinglist", "view"),
        *_crud("readinglistitem", "view"),
    ],
    EDITOR: [
        *_crud("article", "add", "change", "delete", "view"),
        "articles.edit_any_article",
        "articles.publish_article",
        *[
            perm
            for model in _PART_MODELS
            for perm in _crud(model, "add", "change", "delete", "view")
        ],
        *_crud("relatedlink", "add", "change", "delete", "view"),
        *_crud("picture", "add", "change", "delete", "view"),
        *_crud("author", "add", "change", "view"),
        *_crud("correction", "add", "change", "delete", "view"),
        *_CURATION,
    ],
    CURATOR: [
        *_crud("article", "change", "view"),
        "articles.curate_article",
        *_crud("relatedlink", "add", "change", "delete", "view"),
        *[perm for model in _PART_MODELS for perm in _crud(model, "view")],
        *_crud("picture", "view"),
        *_crud("author", "view"),
        *_crud("correction", "view"),
        *_CURATION,
    ],
}


def owns(user, article):
    return article.created_by_id is not None and article.created_by_id == user.pk


def visible_in_admin(user, articles):
    """
    The articles this user sees in the admin. Editors and curators see all; writers, by
    default (NEWSROOM_WRITERS_SEE = "own"), their own, those they are a byline on, and what
    readers already see, so others' drafts and embargoed stories stay with their authors.
    """
    if (
        settings.NEWSROOM_WRITERS_SEE == "all"
        or user.has_perm("articles.edit_any_article")
        or user.has_perm("articles.curate_article")
    ):
        return articles
    bylined = Byline.objects.filter(author__account=user).values("article")
    return articles.filter(
        Q(created_by=user) | Q(pk__in=bylined) | Q(pk__in=Article.objects.published().values("pk"))
    )


def can_edit_content(user, article):
    """Headline, dek, image, sections, footnotes and bylines."""
    if article is None:
        return user.has_perm("articles.add_article")
    if user.has_perm("articles.edit_any_article"):
        return True
    # A writer's save of their live article waits for an editor (see stages()).
    return (
        user.has_perm("articles.change_article")
        and owns(user, article)
        and (article.status == Article.Status.DRAFT or article.is_shown_to_readers())
    )


def can_curate(user, article):
    """Read-also links and tags."""
    return can_edit_content(user, article) or user.has_perm("articles.curate_article")


def can_publish(user):
    return user.has_perm("articles.publish_article")


def can_change(user, article):
    return can_edit_content(user, article) or can_curate(user, article) or can_publish(user)


def can_delete(user, article):
    if not user.has_perm("articles.delete_article"):
        return False
    if article is None or user.has_perm("articles.edit_any_article"):
        return True
    return owns(user, article) and article.status == Article.Status.DRAFT


def can_change_picture(user, picture):
    """
    A picture's words show on every article that uses it: editors change any; a writer
    only what they uploaded, while no article but their own drafts shows it.
    """
    if not user.has_perm("articles.change_picture"):
        return False
    if picture is None or user.has_perm("articles.edit_any_article"):
        return True
    return picture.uploaded_by_id == user.pk and all(
        can_edit_content(user, article) and not article.is_shown_to_readers()
        for article in picture.uses()
    )


def can_replace_by_import(user, article):
    """
    An import rewrites every part of an article at once: editors only, and for an
    article readers can see (or will, when scheduled), someone who may publish.
    """
    if not user.has_perm("articles.edit_any_article"):
        return False
    return article.status != Article.Status.PUBLISHED or can_publish(user)


def can_restore(user):
    """Restoring a revision rewrites content and status at once: editors only."""
    return user.has_perm("articles.edit_any_article") and can_publish(user)


# The one way an article changes status: the admin's buttons and bulk actions, imports and
# the demo all call move(), then save the article themselves.

SAVE, REVIEW, PUBLISH, SCHEDULE, UNPUBLISH = "save", "review", "publish", "schedule", "unpublish"


def actions(user, article):
    """
    What this user may do to the article, in the order the change form offers it: saving,
    which leaves the status as it is, first.
    """
    status = article.status if article else Article.Status.DRAFT
    found = [SAVE] if article is None or can_change(user, article) else []
    if can_publish(user):
        if article is None or not article.is_shown_to_readers():
            found += [PUBLISH, SCHEDULE]
        elif can_edit_content(user, article):
            found.append(PUBLISH)  # the changes saved with it: see stages()
        if status == Article.Status.PUBLISHED:
            found.append(UNPUBLISH)
    elif status == Article.Status.DRAFT and can_edit_content(user, article):
        found.append(REVIEW)
    return found


def stages(user, article, action):
    """
    Whether this save of the article waits as a staged change (articles/staging.py) instead
    of being written: Save on an article readers see, by someone who may change its text.
    Only PUBLISH moves what readers see. Curators' saves, which change only read-also links
    and tags, are written as before.
    """
    return (
        action == SAVE
        and article is not None
        and article.is_shown_to_readers()
        and can_edit_content(user, article)
    )


def check_allowed(user, article, action):
    if action not in actions(user, article):
        raise PermissionDenied


def publication_time(article, now=None):
    """
    When an article published now goes live: an earlier publication time stays (readers
    have seen that date), a missing or future one becomes now.
    """
    now = now or timezone.now()
    if article.published_at is None or article.published_at > now:
        return now
    return article.published_at


def move(article, action, at=None):
    """
    Set the article's status (and time) for ``action``; the caller saves. ``at`` is the
    time to schedule for (SCHEDULE needs one in the future) or, for PUBLISH, an earlier
    publication time to keep. ValidationError when scheduling without a future time.
    """
    if action == PUBLISH:
        if at is not None:
            article.published_at = at
        article.published_at = publication_time(article)
        article.status = Article.Status.PUBLISHED
    elif action == SCHEDULE:
        if at is None or at <= timezone.now():
            raise ValidationError(
                _("To schedule, set a publication time in the future."), code="schedule"
            )
        article.published_at = at
        article.status = Article.Status.PUBLISHED
    elif action == UNPUBLISH:
        article.status = Article.Status.UNPUBLISHED
    elif action == REVIEW:
        article.status = Article.Status.REVIEW
    elif action != SAVE:
        raise ValueError(f"Unknown action {action!r}")


def publishing_errors(article):
    """What stops a saved article from being published as it is."""
    return [
        finding.message
        for finding in article.editorial_findings(publishing=True)
        if finding.level == editorial_checks.ERROR
    ]


# Shareable previews for reviewers outside the newsroom.

_PREVIEW_SALT = "articles.preview"


def can_preview(user, article):
    """Previews, shared ones included, are for those who may change the article."""
    return can_change(user, article)


def preview_token(article):
    return signing.dumps([article.pk, time.time()], salt=_PREVIEW_SALT, compress=True)


def preview_url(article):
    return reverse("articles:shared_preview", kwargs={"token": preview_token(article)})


def preview_expires():
    """When a link made now stops working."""
    return timezone.now() + datetime.timedelta(seconds=settings.NEWSROOM_PREVIEW_MAX_AGE)


def article_from_token(token):
    """
    The article a shared link shows. signing.BadSignature (SignatureExpired included) for
    a forged or expired link, Article.DoesNotExist when the article is gone or its links
    were revoked after this one was made.
    """
    payload = signing.loads(token, salt=_PREVIEW_SALT, max_age=settings.NEWSROOM_PREVIEW_MAX_AGE)
    try:
        pk, made = payload
        made = datetime.datetime.fromtimestamp(made, datetime.UTC)
    except (TypeError, ValueError, OverflowError) as error:
        raise signing.BadSignature("Not a preview link.") from error
    return Article.objects.get(pk=pk, share_links_since__lte=made)


def revoke_share_links(articles):
    """Every shared link made so far for these articles stops working."""
    return articles.update(share_links_since=timezone.now())


def sync_roles(apps, schema_editor=None):
    """
    Create the role groups and give each its permissions (run by migrations). An earlier
    migration may run before later models exist: their permissions are left to the
    migration that follows them (tests check that every one exists in the end).
    """
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, names in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = [name.split(".") for name in names]
        group.permissions.set(
            permission
            for permission in Permission.objects.filter(
                content_type__app_label__in={a for a, _ in wanted}
            )
            if [permission.content_type.app_label, permission.codename] in wanted
        )
