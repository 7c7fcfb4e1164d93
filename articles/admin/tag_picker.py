"""
Tags entered one by one from the tags already in use (the admin's own autocomplete, with
no quoting rules for tags of several words), and the list of tag names it asks for.
"""

from django import forms
from django.contrib.admin.widgets import AutocompleteMixin
from django.core.exceptions import PermissionDenied
from django.db.models.functions import Lower
from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import Tag

NAME_MAX = Tag._meta.get_field("name").max_length
PAGE = 20


def names(value):
    """Tag names from a list of tags or of typed names: spaces tidied, each once (any case)."""
    found = {}
    for item in value or []:
        name = " ".join(str(getattr(item, "name", item)).split())
        if name:
            found.setdefault(name.casefold(), name)
    return list(found.values())


class TagPicker(AutocompleteMixin, forms.SelectMultiple):
    """
    Each tag a token: typing offers the tags in use, Enter or a comma adds a new one. The
    chosen tags are posted as one value each.
    """

    def get_url(self):
        return reverse("admin:taggit_tag_names")

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs=extra_attrs)
        # No "clear all" cross: select2 puts it inside its list of tags, where it is no item
        # (axe: a list holds only items); each tag has its own remove button.
        attrs.update(
            {"data-tags": "true", "data-token-separators": '[","]', "data-allow-clear": "false"}
        )
        return attrs

    def format_value(self, value):
        return names(value)

    def optgroups(self, name, value, attrs=None):
        options = [
            self.create_option(name, tag, tag, True, index) for index, tag in enumerate(value)
        ]
        return [(None, options, 0)]


class TagPickerField(forms.Field):
    """The article's tags as a list of names (TaggableManager saves them with ``set``)."""

    def __init__(self, *, field, admin_site, **kwargs):
        kwargs["help_text"] = _(
            "Type to find a tag in use; to add a new one, type it and press Enter or a comma."
        )
        super().__init__(widget=TagPicker(field, admin_site), **kwargs)

    def to_python(self, value):
        return names(value)

    def validate(self, value):
        super().validate(value)
        for name in value:
            if len(name) > NAME_MAX:
                raise forms.ValidationError(
                    _("The tag “%(name)s…” is too long: a tag has at most %(max)d characters.")
                    % {"name": name[:40], "max": NAME_MAX}
                )

    def has_changed(self, initial, data):
        return sorted(names(initial)) != sorted(names(data))


def tag_names_view(request):
    """The names of tags in use that start with, then contain, what was typed."""
    if not request.user.has_perm("articles.change_article"):
        raise PermissionDenied
    term = " ".join(request.GET.get("term", "").split())
    tags = Tag.objects.order_by(Lower("name"), "name")
    if term:
        starting = list(tags.filter(name__istartswith=term).values_list("name", flat=True)[:PAGE])
        containing = tags.filter(name__icontains=term).exclude(name__istartswith=term)
        found = starting + list(containing.values_list("name", flat=True)[: PAGE - len(starting)])
    else:
        found = list(tags.values_list("name", flat=True)[:PAGE])
    return JsonResponse(
        {"results": [{"id": name, "text": name} for name in found], "pagination": {"more": False}}
    )


class TagPicking:
    """For a model admin: its tags entered with the TagPicker."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, TaggableManager):
            kwargs.update(form_class=TagPickerField, field=db_field, admin_site=self.admin_site)
            return db_field.formfield(**kwargs)
        return super().formfield_for_dbfield(db_field, request, **kwargs)
