"""The admin page where each member of staff chooses the admin's language."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from newsroom.i18n import staff_language

from .models import StaffPreference


class LanguageForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of the admin"), choices=settings.LANGUAGES, widget=forms.RadioSelect
    )


def language_view(request):
    form = LanguageForm(request.POST or None, initial={"language": staff_language(request)})
    if request.method == "POST" and form.is_valid():
        StaffPreference.objects.update_or_create(
            user=request.user, defaults={"language": form.cleaned_data["language"]}
        )
        messages.success(request, _("Your language is saved."))
        return HttpResponseRedirect(reverse("admin:index"))
    context = {**admin.site.each_context(request), "title": _("Your language"), "form": form}
    return TemplateResponse(request, "admin/language.html", context)
