"""
Autosaves: the article form as an editor last had it, kept for that editor alone, so a
crashed browser or a closed tab loses at most the last half minute. An autosave is never
the article: it holds the form's fields as posted and becomes text readers see only when
its editor restores it into the form and saves. Saving the article normally deletes them.
"""

from django.conf import settings
from django.db import models
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

# What a browser posts that is not the editor's text.
NOT_FORM_DATA = {"csrfmiddlewaretoken"}


class AutosaveQuerySet(models.QuerySet):
    def of(self, user, article):
        """This editor's autosave of ``article``, or of a new article when None."""
        return self.filter(user=user, article=article)

    def record(self, user, article, post):
        """Keep the posted form as ``user``'s autosave of ``article``; returns it."""
        autosave, _created = self.update_or_create(
            user=user, article=article, defaults={"data": form_data(post)}
        )
        return autosave

    def discard(self, user, article):
        """After a normal save: the article's autosave and that of a new article go."""
        self.filter(user=user).filter(models.Q(article=article) | models.Q(article=None)).delete()


class Autosave(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="autosaves",
        verbose_name=_("article"),
        help_text=_("Empty for an article not saved yet."),
    )
    data = models.JSONField(_("form data"), default=dict)
    saved_at = models.DateTimeField(_("saved"), auto_now=True)

    objects = AutosaveQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "article"], name="autosave_per_article"),
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(article=None),
                name="autosave_per_new_article",
            ),
        ]
        verbose_name = _("autosave")
        verbose_name_plural = _("autosaves")

    def __str__(self):
        return f"{self.user} · {self.article or _('new article')} · {self.saved_at}"

    def as_post(self):
        return as_post(self.data)


def form_data(post):
    """A posted form as JSON: every field's values, without the CSRF token (files are not kept)."""
    return {name: values for name, values in post.lists() if name not in NOT_FORM_DATA}


def as_post(data):
    """Form data kept by form_data() as the admin's forms read a POST."""
    post = QueryDict(mutable=True)
    for name, values in data.items():
        post.setlist(name, values)
    return post
