import functools
import html
import json
import re
import textwrap

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeData, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext

from articles import bylines
from articles.models import Article
from newsroom import icons

register = template.Library()

# The escapes Django's json_script uses: the data can never close the script element.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def json_ld(data):
    """A schema.org data block: <script type="application/ld+json">, safely escaped."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


# A sentence that runs on for a paragraph is cut at a word near this many characters.
SENTENCE_LENGTH = 300
_SENTENCE_END = re.compile(r"(?<=[.!?。])\s+")


@register.filter
def first_sentence(text):
    """The first sentence of a plain text ("Kim covers energy. She …" → "Kim covers energy.")."""
    sentence = " ".join(_SENTENCE_END.split(text.strip(), maxsplit=1)[0].split())
    shortened = textwrap.shorten(sentence, SENTENCE_LENGTH, placeholder="…")
    # shorten() keeps whole words: a first word longer than the limit would leave nothing.
    return shortened if shortened != "…" else Truncator(sentence).chars(SENTENCE_LENGTH)


@register.simple_tag
def page_description(text=""):
    """
    The page's <meta name="description"> and og:description: ``text`` on one line, or the
    site's tagline (NEWSROOM_SITE_TAGLINE) without one.
    """
    if isinstance(text, SafeData):
        # Made by {% blocktranslate asvar %}, whose values are escaped already.
        text = html.unescape(text)
    text = " ".join(str(text).split()) or gettext(settings.NEWSROOM_SITE_TAGLINE)
    return format_html(
        '<meta name="description" content="{}">\n  <meta property="og:description" content="{}">',
        text,
        text,
    )


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
    make = _render_chrome if settings.DEBUG else _kept_chrome
    return make(
        part,
        translation.get_language(),
        settings.NEWSROOM_SITE_NAME,
        settings.NEWSROOM_FAVICON,
        settings.NEWSROOM_APPLE_TOUCH_ICON,
    )


def _render_chrome(part, language, site_name, favicon, apple_touch_icon):
    context = {
        "site_name": site_name,
        "article_kinds": Article.Kind.choices,
        "favicon": icons.url(favicon),
        "apple_touch_icon": icons.url(apple_touch_icon),
    }
    with translation.override(language):
        return mark_safe(render_to_string(f"includes/site_{part}.html", context))


_kept_chrome = functools.cache(_render_chrome)
