import functools
import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles import bylines
from articles.models import Article

register = template.Library()

# The escapes Django's json_script uses: the data can never close the script element.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def json_ld(data):
    """A schema.org data block: <script type="application/ld+json">, safely escaped."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.filter
def byline(article):
    """The article's byline in its own language (articles/bylines.py), for includes/byline.html."""
    return bylines.parts(article.ordered_authors, article.language)


@register.simple_tag
def site_chrome(part):
    """
    The site's "head" links, "header" or "footer" (templates/includes/site_<part>.html):
    the same on every page of a language, so each process makes each once. In
    development they are made every time, so edited templates show at once.
    """
    if settings.DEBUG:
        return _render_chrome(part, translation.get_language(), settings.NEWSROOM_SITE_NAME)
    return _kept_chrome(part, translation.get_language(), settings.NEWSROOM_SITE_NAME)


def _render_chrome(part, language, site_name):
    context = {"site_name": site_name, "article_kinds": Article.Kind.choices}
    with translation.override(language):
        return mark_safe(render_to_string(f"includes/site_{part}.html", context))


_kept_chrome = functools.cache(_render_chrome)
