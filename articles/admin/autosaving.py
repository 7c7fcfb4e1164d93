"""
Autosaves in the article admin: the endpoint the change form's script posts to, the offer to
restore one when the form is opened again, the restored form, and discarding. See
articles/autosave.py for what an autosave is.
"""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.http import HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from ..autosave import Autosave

RESTORE = "restore-autosave"


class Autosaving:
    """For the article admin, before Django's ``ModelAdmin``."""

    def autosave_urls(self):
        save = self.admin_site.admin_view(self.autosave_view)
        discard = self.admin_site.admin_view(self.discard_autosave_view)
        return [
            path("autosave/", save, name="articles_article_autosave"),
            path("autosave/discard/", discard, name="articles_article_discard_autosave"),
            path("<path:object_id>/autosave/", save, name="articles_article_autosave"),
            path(
                "<path:object_id>/autosave/discard/",
                discard,
                name="articles_article_discard_autosave",
            ),
        ]

    def autosave_view(self, request, object_id=None):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self.article_to_edit(request, object_id)
        autosave = Autosave.objects.record(request.user, article, request.POST)
        return JsonResponse({"saved_at": autosave.saved_at.isoformat()})

    def discard_autosave_view(self, request, object_id=None):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self.article_to_edit(request, object_id)
        Autosave.objects.of(request.user, article).delete()
        messages.info(request, _("The autosaved version was discarded."))
        return HttpResponseRedirect(form_address(article))

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "GET":
            article = self.get_object(request, unquote(object_id)) if object_id else None
            found = article is not None or object_id is None
            autosave = Autosave.objects.of(request.user, article).first() if found else None
            extra_context = {
                **(extra_context or {}),
                "autosave": autosave,
                "autosave_restored": autosave is not None and RESTORE in request.GET,
                "restore_autosave_query": RESTORE,
            }
            request.autosave_to_restore = extra_context["autosave_restored"] and autosave
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if autosave := getattr(request, "autosave_to_restore", None):
            return restored(form, autosave.as_post())
        return form

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if autosave := getattr(request, "autosave_to_restore", None):
            kwargs.update(data=autosave.as_post(), files={})
        return kwargs

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        Autosave.objects.discard(request.user, form.instance)


def restored(form_class, data):
    """The admin's form class, filled with an autosave's data when shown (not when posted)."""

    class RestoredForm(form_class):
        def __init__(self, *args, **kwargs):
            if not args and "data" not in kwargs:
                args = (data, {})
            super().__init__(*args, **kwargs)

    RestoredForm.__name__ = form_class.__name__
    return RestoredForm


def form_address(article):
    if article is None:
        return reverse("admin:articles_article_add")
    return reverse("admin:articles_article_change", args=[article.pk])
