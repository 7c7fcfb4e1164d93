"""
The preview of the article form as it is now, unsaved changes and new inline rows included.

The form is posted here (the change form's Preview button, in a new tab) and saved exactly as a
save would, through the same forms and the models' ``save()`` (so the preview is sanitised,
numbered and rendered as the saved article will be), inside a transaction that is always rolled
back: nothing is written, no revision recorded, no cached page touched, and a picture replaced
in the form keeps its files (their deletion waits for a commit that never comes). New uploads
are left out of the preview, since storing them would leave files behind: the form says so.
"""

import copy

from django.contrib.admin.helpers import AdminErrorList
from django.contrib.admin.utils import flatten_fieldsets
from django.db import transaction
from django.forms.formsets import all_valid
from django.http import HttpResponseNotAllowed
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _

from .. import reference_lists, views
from ..models import Article


class LivePreview:
    """For the article admin: ``live_preview_view`` and its addresses."""

    def live_preview_urls(self):
        view = self.admin_site.admin_view(self.live_preview_view)
        return [
            path("preview/", view, name="articles_article_live_preview"),
            path("<path:object_id>/preview/", view, name="articles_article_live_preview"),
        ]

    def live_preview_view(self, request, object_id=None):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        stored = self.article_to_edit(request, object_id)
        return self.preview_posted(without_uploads(request), stored)

    def preview_posted(self, request, stored):
        """The preview of ``request.POST`` as a save of ``stored`` (None: a new article)."""
        with transaction.atomic():
            try:
                return self._previewed(request, stored)
            finally:
                transaction.set_rollback(True)

    def _previewed(self, request, stored):
        change = stored is not None
        fields = flatten_fieldsets(self.get_fieldsets(request, stored))
        form = self.get_form(request, stored, change=change, fields=fields)(
            request.POST, request.FILES, instance=stored
        )
        form_valid = form.is_valid()
        article = form.save(commit=False) if form_valid else form.instance
        formsets, _inlines = self._create_formsets(request, article, change=change)
        if not (all_valid(formsets) and form_valid):
            return self._refused(request, form, formsets)
        if not change:
            article.created_by = request.user
        article.updated_by = request.user
        article.save(render=False)
        with article.rendering_once():
            form.save_m2m()
            for formset in formsets:
                formset.save()
            reference_lists.add_to(article, form.cleaned_data.get("reference_list") or [])
        self.add_suggested_links(article, form.cleaned_data.get("add_suggestions") or [])
        return views.render_preview(request, Article.objects.get(pk=article.pk))

    def _refused(self, request, form, formsets):
        context = {
            **self.admin_site.each_context(request),
            "title": _("The preview cannot be shown yet"),
            "errors": [message for field in AdminErrorList(form, formsets) for message in field],
            "opts": self.opts,
        }
        # Rendered now, while the rolled-back rows are still there to name.
        return TemplateResponse(request, "admin/articles/preview_refused.html", context).render()


def without_uploads(request):
    """The request as posted, without its files (see the module's description)."""
    preview_request = copy.copy(request)
    preview_request._post, preview_request._files = request.POST, MultiValueDict()
    return preview_request
