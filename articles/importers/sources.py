"""
Reading one file to import: its kind (interchange JSON, HTML page, text page) is
detected from its content, and anything unusable is refused before parsing.
"""

import codecs
import json
import re
from dataclasses import dataclass, field

import charset_normalizer
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from . import ImportFailed, html, interchange, text

JSON, HTML, TEXT = "json", "html", "text"


@dataclass(frozen=True)
class Source:
    name: str  # where it came from, for messages and as the source reference
    kind: str
    document: dict
    warnings: tuple = field(default=())  # what a lenient import let pass, one line each


_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)
# Pages declaring a legacy Korean charset often use the characters its superset adds.
_SUPERSETS = {"euc-kr": "cp949", "ks_c_5601-1987": "cp949", "gb2312": "gb18030"}


def _page_encoding(data):
    """The encoding an HTML page declares, or else the one its bytes suggest."""
    declared = _DECLARED_CHARSET.search(data[:4096])
    if declared:
        name = declared[1].decode("ascii", "replace").lower()
        try:
            return codecs.lookup(_SUPERSETS.get(name, name)).name
        except LookupError:
            pass
    best = charset_normalizer.from_bytes(data[:65536]).best()
    return best.encoding if best else None


def decode(name, data):
    limit = settings.NEWSROOM_IMPORT_MAX_BYTES
    if len(data) > limit:
        size, most = filesizeformat(len(data)), filesizeformat(limit)
        raise ImportFailed(
            _("the file is %(size)s; imports may be at most %(most)s.")
            % {"size": size, "most": most}
        )
    if not data.strip():
        raise ImportFailed(_("the file is empty."))
    if b"\x00" in data:
        raise ImportFailed(_("the file is binary, not a text or HTML page."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        encoding = (
            _page_encoding(data) if kind_of(name, data[:500].decode("latin-1")) == HTML else None
        )
        if encoding:
            return data.decode(encoding, errors="replace")
        raise ImportFailed(
            _("the file is not UTF-8 text (undecodable byte at position %(position)s).")
            % {"position": error.start}
        ) from error


def kind_of(name, content):
    start = content.lstrip()[:500].lower()
    if name.lower().endswith(".json") or start.startswith("{"):
        return JSON
    if name.lower().endswith((".html", ".htm")) or start.startswith(("<!doctype html", "<html")):
        return HTML
    if "<body" in start or "<h1" in start or "<p>" in start:
        return HTML
    return TEXT


def read(name, data, lenient=False):
    """
    A Source from a file's name and bytes, or ImportFailed saying what is wrong;
    ``lenient`` lets a page citing a reference it does not list through, with a warning.
    """
    warnings = [] if lenient else None
    content = decode(name, data)
    kind = kind_of(name, content)
    if kind == JSON:
        try:
            document = json.loads(content)
        except json.JSONDecodeError as error:
            raise ImportFailed(
                _("the JSON is malformed (line %(line)s: %(error)s).")
                % {"line": error.lineno, "error": error.msg}
            ) from error
    elif kind == HTML:
        document = html.parse(content, warnings)
    else:
        document = text.parse(content, warnings)
    return Source(name, kind, interchange.validate(document), tuple(warnings or ()))
