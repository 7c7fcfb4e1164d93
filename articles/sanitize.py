"""
The one HTML policy for everything editors and importers write.

Only this module imports bleach. Rich text is cleaned when it is saved, so
readers are never served markup that was not on this list, and templates can
mark stored bodies safe.
"""

from urllib.parse import urlsplit

import bleach
from bleach import html5lib_shim

ALLOWED_TAGS = frozenset(
    {"p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "h3", "h4", "sub", "sup"}
)
ALLOWED_ATTRIBUTES = {"a": ["href", "title"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
EXTERNAL_SCHEMES = frozenset({"http", "https"})


class ExternalLinkFilter(html5lib_shim.Filter):
    """Runs after sanitising: links leaving the site get rel="noopener noreferrer"."""

    def __iter__(self):
        for token in super().__iter__():
            if token["type"] in {"StartTag", "EmptyTag"} and token["name"] == "a":
                href = token["data"].get((None, "href"), "")
                if urlsplit(href.strip()).scheme.lower() in EXTERNAL_SCHEMES:
                    token["data"][(None, "rel")] = "noopener noreferrer"
            yield token


_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
    filters=[ExternalLinkFilter],
)


def clean_html(html):
    """Rich text reduced to the allowed tags, attributes and link schemes."""
    return _cleaner.clean(html or "").strip()


def safe_url(url):
    """The URL when it is an absolute http(s) address, otherwise an empty string."""
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    if parts.scheme.lower() in EXTERNAL_SCHEMES and parts.netloc:
        return url
    return ""
