"""
The one HTML policy for everything editors and importers write.

Only this module imports bleach. Rich text is cleaned when it is saved, so
readers are never served markup that was not on this list, and templates can
mark stored bodies safe. Plain text loses the bidirectional controls that could
make it read differently from what it holds (a right-to-left override that turns
"gpj.exe" into "exe.jpg"), and addresses lose all of them.
"""

import re
from urllib.parse import urlsplit

import bleach
from bleach import html5lib_shim

TABLE_TAGS = frozenset({"table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td"})
ALLOWED_TAGS = frozenset(
    {"p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "h3", "h4", "sub", "sup"}
    | TABLE_TAGS
)
_CELL_ATTRIBUTES = {"th": {"scope", "colspan", "rowspan"}, "td": {"colspan", "rowspan"}}
_SCOPES = frozenset({"row", "col", "rowgroup", "colgroup"})
_SPAN = re.compile(r"[1-9][0-9]{0,2}")


def _allowed_attribute(tag, name, value):
    """A link's href and title; a table cell's spans (1 to 999) and a header's scope."""
    if tag == "a":
        return name in {"href", "title"}
    if name not in _CELL_ATTRIBUTES.get(tag, ()):
        return False
    return value in _SCOPES if name == "scope" else bool(_SPAN.fullmatch(value))


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
    attributes=_allowed_attribute,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
    filters=[ExternalLinkFilter],
)


def clean_html(html):
    """Rich text reduced to the allowed tags, attributes and link schemes."""
    return _cleaner.clean(html or "").strip()


# Embeddings and overrides end at PDF, isolates at PDI (Unicode's bidirectional algorithm).
_EMBEDDINGS, _ISOLATES = "\u202a\u202b\u202d\u202e", "\u2066\u2067\u2068"
_PDF, _PDI = "\u202c", "\u2069"
BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def paired_bidi_only(text):
    """
    ``text`` without the bidirectional controls that are not closed inside it: an
    embedding or override with its PDF, an isolate with its PDI, stay; any other opener
    or closer goes, so nothing leaks into the page around the text.
    """
    if not BIDI_CONTROLS.search(text or ""):
        return text or ""
    kept, opened = list(text), []  # opened: (index, closer expected)
    for index, char in enumerate(text):
        if char in _EMBEDDINGS or char in _ISOLATES:
            opened.append((index, _PDF if char in _EMBEDDINGS else _PDI))
        elif char in (_PDF, _PDI):
            if opened and opened[-1][1] == char:
                opened.pop()
            else:
                kept[index] = ""
    for index, _closer in opened:
        kept[index] = ""
    return "".join(kept)


def without_bidi_controls(text):
    """For slugs and addresses, which are read character by character: none at all."""
    return BIDI_CONTROLS.sub("", text or "")


def safe_url(url):
    """The URL when it is an absolute http(s) address, otherwise an empty string."""
    url = without_bidi_controls((url or "").strip())
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    if parts.scheme.lower() in EXTERNAL_SCHEMES and parts.netloc:
        return url
    return ""
