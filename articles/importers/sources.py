"""
Reading one file to import: its kind (interchange JSON, HTML page, text page) is
detected from its content, and anything unusable is refused before parsing.
"""

import codecs
import hashlib
import json
import re
from dataclasses import dataclass, field

import charset_normalizer
from bs4 import BeautifulSoup, SoupStrainer
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .. import sanitize
from . import ImportFailed, html, interchange, text

JSON, HTML, TEXT = "json", "html", "text"


@dataclass(frozen=True)
class Source:
    name: str  # where it came from, for messages only
    kind: str
    document: dict
    ref: str = ""  # what the page says it is (see identity()); empty for JSON documents
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


def canonical_url(content):
    """The address an HTML page gives as its own (canonical link, else og:url), or ""."""
    head = BeautifulSoup(content, "html.parser", parse_only=SoupStrainer(["link", "meta"]))
    link = head.find("link", rel="canonical", href=True)
    meta = head.find("meta", property="og:url", content=True)
    url = link["href"] if link else meta["content"] if meta else ""
    return sanitize.safe_url(url.strip())


def identity(kind, content):
    """
    The source reference of a page: its canonical address when it names one, else a
    digest of its content, so the same page imported again is the same article while
    two pages never share one by their file names. JSON documents name themselves
    (by slug) instead.
    """
    if kind == JSON:
        return ""
    url = canonical_url(content) if kind == HTML else ""
    if url and len(url) < 490:
        return f"url:{url}"
    return "sha256:" + hashlib.sha256((url or content).encode()).hexdigest()


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
        except RecursionError as error:
            raise ImportFailed(_("the JSON is nested too deeply to be an article.")) from error
    elif kind == HTML:
        document = html.parse(content, warnings)
    else:
        document = text.parse(content, warnings)
    document = interchange.validate(document)
    return Source(name, kind, document, identity(kind, content), tuple(warnings or ()))
