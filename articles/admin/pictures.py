"""
The picture library: upload once, find by caption, credit or alt text, see where a picture
is used, and choose it for any article's lead or section figure (the article form's
autocomplete, with "+" to upload a new one without leaving the form).
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from .. import workflow
from ..forms import PictureForm
from ..pictures import Picture

THUMBNAIL_WIDTH = 120


def thumbnail(picture, width=THUMBNAIL_WIDTH):
    """The narrowest JPEG rendition, shown ``width`` pixels wide, or a dash without a file."""
    smallest = picture.thumbnail
    if smallest is None:
        return "-"
    return format_html(
        '<img src="{}" width="{}" height="{}" alt="" class="picture-thumbnail">',
        smallest["url"],
        width,
        round(width * smallest["height"] / smallest["width"]),
    )


class PictureSelect(AutocompleteSelect):
    """The picture picker: the chosen picture and each one offered show their thumbnail."""

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs["class"] += " picture-picker"
        return attrs

    def optgroups(self, name, value, attr=None):
        groups = super().optgroups(name, value, attr)
        options = [option for _group, group_options, _index in groups for option in group_options]
        chosen = [option["value"] for option in options if option["value"] != ""]
        if chosen:
            urls = {str(p.pk): p.thumbnail_url for p in Picture.objects.filter(pk__in=chosen)}
            for option in options:
                if url := urls.get(str(option["value"])):
                    option["attrs"]["data-thumbnail"] = url
        return groups

    @property
    def media(self):
        # Named after autocomplete.js in one list, so the merged media keep them in that order.
        return super().media + forms.Media(
            js=["admin/js/autocomplete.js", "admin/js/picture_picker.js"],
            css={"all": ["admin/css/picture_picker.css"]},
        )


class PicturePickers:
    """Pictures chosen by autocomplete are shown with their thumbnails (``PictureSelect``)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Picture and db_field.name in self.get_autocomplete_fields(
            request
        ):
            kwargs["widget"] = PictureSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class PictureAdmin(admin.ModelAdmin):
    form = PictureForm
    list_display = ["preview", "__str__", "credit", "dimensions", "created_at", "used_in"]
    list_display_links = ["preview", "__str__"]
    list_filter = ["decorative", "created_at"]
    list_select_related = ["uploaded_by"]
    search_fields = ["caption", "credit", "alt"]
    date_hierarchy = "created_at"
    fieldsets = [
        (None, {"fields": ["file", "preview"]}),
        (
            _("Words"),
            {
                "fields": ["alt", "decorative", "caption", "credit"],
                "description": _(
                    "Alt text says what the picture shows; the caption says what it means. "
                    "They show on every article that uses the picture."
                ),
            },
        ),
        (None, {"fields": ["dimensions", "uploaded", "used_in"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("lead_of", "figure_of__article")

    def get_readonly_fields(self, request, obj=None):
        readonly = ["preview", "dimensions", "uploaded", "used_in"]
        if obj is not None and obj.file:
            readonly.append("file")  # revisions that name the picture keep showing it
        return readonly

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [(None, {"fields": ["file", "alt", "decorative", "caption", "credit"]})]
        return self.fieldsets

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or workflow.can_change_picture(request.user, obj)
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    def get_deleted_objects(self, objs, request):
        """A picture in use is protected: by articles and sections, and by revisions too."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        for picture in objs:
            protected += [
                _("Revision of “%(object)s”, %(date)s")
                % {
                    "object": version.object_repr,
                    "date": date_format(version.revision.date_created, "DATETIME_FORMAT"),
                }
                for version in picture.revisions()
            ]
        return deleted, counts, perms_needed, protected

    @admin.display(description=_("picture"))
    def preview(self, picture):
        return thumbnail(picture)

    @admin.display(description=_("size"))
    def dimensions(self, picture):
        return f"{picture.width}×{picture.height}" if picture.width else "-"

    @admin.display(description=_("uploaded"))
    def uploaded(self, picture):
        when = date_format(picture.created_at, "DATETIME_FORMAT")
        if picture.uploaded_by is None:
            return when
        return _("%(when)s by %(who)s") % {"when": when, "who": picture.uploaded_by}

    @admin.display(description=_("used in"))
    def used_in(self, picture):
        uses = [(article, _("lead")) for article in picture.lead_of.all()]
        uses += [(section.article, _("section figure")) for section in picture.figure_of.all()]
        if not uses:
            return _("No article")
        return format_html_join(
            ", ",
            '<a href="{}">{}</a> ({})',
            (
                (reverse("admin:articles_article_change", args=[article.pk]), article, where)
                for article, where in uses
            ),
        )
