"""Configurations of other projects' apps, where the newsroom names them its own way."""

from django.utils.translation import gettext_lazy as _
from taggit.apps import TaggitAppConfig


class TagsConfig(TaggitAppConfig):
    """django-taggit, shown in the admin as "Tags" (its own name for itself is "Taggit")."""

    verbose_name = _("Tags")
