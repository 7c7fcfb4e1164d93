"""A field and a helper the models share."""

from django.core.validators import URLValidator
from django.db import models
from django.utils.text import slugify


class WebURLField(models.URLField):
    """An absolute http(s) address; a form adds https:// when the scheme is left out."""

    default_validators = [URLValidator(schemes=["http", "https"])]

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})


def unique_slug(model, text, max_length, exclude_pk=None):
    """A Unicode-aware slug for ``text``, suffixed -2, -3… until no other row has it."""
    base = slugify(text, allow_unicode=True)[:max_length].strip("-") or "article"
    others = model._default_manager.exclude(pk=exclude_pk)
    slug, n = base, 2
    while others.filter(slug=slug).exists():
        suffix = f"-{n}"
        slug = base[: max_length - len(suffix)].rstrip("-") + suffix
        n += 1
    return slug
