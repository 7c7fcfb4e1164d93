"""
Staged changes: what was saved on the form of an article readers see, kept apart until an
editor publishes it. Readers, feeds, sitemaps and the API go on showing the live article;
nothing here is a row they read, so staging moves no version and no cached page. Publishing
the change is a normal save of the form bound to this data (the lock version it was made on
included, so a live article changed since is refused as a conflict); discarding deletes it.
"""

import re

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .autosave import as_post, form_data

# The form's fields that name a picture of the library: the lead picture, each section's figure.
PICTURE_FIELDS = re.compile(r"lead_picture|sections-\d+-figure")


class StagedChangeQuerySet(models.QuerySet):
    def picture_ids(self):
        """The pictures these changes show once published: prune_pictures keeps them."""
        return {
            int(value)
            for data in self.values_list("data", flat=True).iterator()
            for name, values in data.items()
            if PICTURE_FIELDS.fullmatch(name)
            for value in values
            if value.isascii() and value.isdigit()
        }

    def stage(self, article, user, post, lock_version):
        """Keep the posted form as the article's staged change (one per article); returns it."""
        staged, _created = self.update_or_create(
            article=article,
            defaults={"data": form_data(post), "staged_by": user, "lock_version": lock_version},
        )
        return staged


class StagedChange(models.Model):
    article = models.OneToOneField(
        "articles.Article",
        on_delete=models.CASCADE,
        related_name="staged_change",
        verbose_name=_("article"),
    )
    data = models.JSONField(_("form data"), default=dict)
    staged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("saved by"),
    )
    staged_at = models.DateTimeField(_("saved"), auto_now=True)
    lock_version = models.PositiveIntegerField(
        _("lock version"), help_text=_("The version of the live article the changes were made on.")
    )

    objects = StagedChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("unpublished change")
        verbose_name_plural = _("unpublished changes")

    def __str__(self):
        return f"{self.article} · {self.staged_by} · {self.staged_at}"

    def as_post(self):
        return as_post(self.data)

    @property
    def token(self):
        """Names this saving of the changes: a form opened on them posts it back."""
        return str(self.staged_at.timestamp())

    @property
    def is_outdated(self):
        """Whether the live article was saved after these changes were made on it."""
        return self.lock_version != self.article.lock_version
