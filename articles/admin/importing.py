"""The admin's import page: upload a page or JSON file, review what was found, save it."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..forms import ImportForm
from ..importers import review


class ImportView:
    """For the article admin: ``import_view`` is served at ``admin:articles_article_import``."""

    def import_view(self, request):
        """Upload a page or JSON file, see what was found and what it matches, then save it."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
        preview = None
        if request.method == "POST" and form.is_valid():
            if not form.cleaned_data.get("read"):
                return self.save_import(request, form)
            preview = form.preview()
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import an article"),
            "opts": self.model._meta,
            "form": form,
            "preview": preview,
        }
        return TemplateResponse(request, "admin/articles/import.html", context)

    def save_import(self, request, form):
        try:
            article, created = review.save(
                form.cleaned_data["pending"], form.cleaned_data["choice"], request.user
            )
        except PermissionError as error:
            raise PermissionDenied from error
        self.message_user(
            request,
            _("Imported “%(headline)s” as a draft.") % {"headline": article.headline}
            if created
            else _(
                "Replaced “%(headline)s” with the import; the earlier version is in its history."
            )
            % {"headline": article.headline},
        )
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))
