"""
The admin site: Django's, with autocomplete answers that carry a thumbnail for rows that
have one (pictures), so the picture picker can show what it offers.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.views.autocomplete import AutocompleteJsonView


class AutocompleteWithThumbnails(AutocompleteJsonView):
    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        if url := getattr(obj, "thumbnail_url", None):
            result["thumbnail"] = url
        return result


class NewsroomAdminSite(admin.AdminSite):
    def autocomplete_view(self, request):
        return AutocompleteWithThumbnails.as_view(admin_site=self)(request)


class NewsroomAdminConfig(AdminConfig):
    default_site = "newsroom.admin_site.NewsroomAdminSite"
