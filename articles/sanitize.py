"""
The one HTML policy for everything editors and importers write.

Only this module imports bleach. Rich text is cleaned when it is saved, so
readers are never served markup that was not on this list, and templates can
mark stored bodies safe. Before the policy, text pasted from word processors is
tidied (``tidy_pasted``): Word's and Google Docs' bullets become lists, empty
paragraphs go, headings become subheads, bold and italics stay.

Plain text loses the bidirectional controls that could make it read differently
from what it holds (a right-to-left override that turns "gpj.exe" into
"exe.jpg"), and addresses lose all of them.
"""

import re
from urllib.parse import urlsplit

import bleach
from bleach import html5lib_shim
from bs4 import BeautifulSoup, Comment, Declaration, Doctype, ProcessingInstruction
from bs4.formatter import HTMLFormatter

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
    cleaned = _cleaner.clean(tidy_pasted(html).html)
    # Broken markup is rebuilt by bleach's parser, which can open blocks with nothing in
    # them: tidied once more, the result is what a second cleaning would make of it.
    return _cleaner.clean(tidy_pasted(cleaned).html).strip()


# Pasted text. Word marks a list paragraph with an mso-list style and writes its bullet or
# number as text (in Symbol, Wingdings or Courier New, padded with no-break spaces); once a
# browser editor has read the paste only that text is left. Google Docs sends real lists
# inside a <b> that is not bold, and bold or italics as styles of spans.
SUBHEAD = "h3"
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_WORD_TITLES = re.compile(r"\bMso(Title|Subtitle|Heading\d)\b", re.I)
_WORD_LIST = re.compile(r"mso-list:\s*l\d+\s+level(\d+)", re.I)
_BULLETS = "·•‣▪◦●○■□◆◇➢➤✓\uf0a7\uf0b7\uf076\uf0d8\uf0fc"
_MARKER = re.compile(
    rf"[\s\u00a0]*(?:(?P<bullet>[{_BULLETS}])[\s\u00a0]+"
    # Word's second- and third-level bullets, and numbers, are padded with no-break spaces.
    r"|(?P<letter>[o§])[ \t]*\u00a0[\s\u00a0]*"
    r"|(?P<number>\(?(?:\d{1,3}|[a-zA-Z]|[ivxlcdmIVXLCDM]{1,6})[.)])[ \t]*\u00a0[\s\u00a0]*)"
)
_DROPPED = frozenset({"head", "style", "script", "meta", "title", "link", "xml"})
_UNWRAPPED = frozenset({"html", "body", "div", "section", "article", "main", "font", "u", "span"})
_BOLD = re.compile(r"font-weight:\s*(bold|[6-9]00)", re.I)
_NOT_BOLD = re.compile(r"font-weight:\s*(normal|[1-4]00)", re.I)
_ITALIC = re.compile(r"font-style:\s*italic", re.I)
_BLANK = re.compile(r"[\s\u00a0\u200b]*")


class Pasted:
    """Tidied HTML, and the headings that changed level, quoted as the editor wrote them."""

    def __init__(self, html, headings=()):
        self.html = html
        self.headings = list(headings)


def tidy_pasted(html):
    if not html:
        return Pasted("")
    # Spaces as they are: the parser would otherwise make a run of them one (bleach decides).
    soup = BeautifulSoup(html, "html.parser", preserve_whitespace_tags={"[document]"})
    for node in soup.find_all(string=lambda s: isinstance(s, _NOT_TEXT)):
        node.extract()
    for tag in soup.find_all(True):
        _tidy_inline(tag)
    _make_lists(soup)
    for container in soup.find_all(["ul", "ol"]):
        _nest_stray_lists(container)
    headings = [_make_subhead(tag) for tag in soup.find_all(_is_heading)]
    for tag in soup.find_all(["p", "li", *_HEADINGS]):
        if _is_blank(tag):
            tag.decompose()
    for br in soup.find_all("br", recursive=False):
        br.decompose()
    return Pasted(soup.decode(formatter=_AS_WRITTEN), [text for text in headings if text])


_NOT_TEXT = (Comment, Declaration, Doctype, ProcessingInstruction)


class _AttributesInOrder(HTMLFormatter):
    def attributes(self, tag):
        return tag.attrs.items()


_AS_WRITTEN = _AttributesInOrder()


def _tidy_inline(tag):
    if tag.decomposed or tag.parent is None:
        return
    style = tag.get("style", "")
    if tag.name in _DROPPED or (tag.name.startswith(("w:", "m:", "v:")) and not tag.get_text()):
        tag.decompose()
        return
    if "mso-list:ignore" in style.replace(" ", "").lower():
        tag["data-list-marker"] = ""  # read and removed with its paragraph
        return
    if tag.name in {"b", "strong"} and (
        tag.get("id", "").startswith("docs-internal-guid") or _NOT_BOLD.search(style)
    ):
        tag.unwrap()
        return
    if tag.name == "b":
        tag.name = "strong"
    elif tag.name == "i":
        tag.name = "em"
    elif tag.name == "span" and (_BOLD.search(style) or _ITALIC.search(style)):
        tag.name = "strong" if _BOLD.search(style) else "em"
        if _BOLD.search(style) and _ITALIC.search(style):
            tag.wrap(BeautifulSoup("", "html.parser").new_tag("em"))
    elif tag.name in _UNWRAPPED or ":" in tag.name:
        tag.unwrap()


def _list_item(paragraph):
    """(level, ordered) when ``paragraph`` is an item of a pasted list, else None."""
    if paragraph.name != "p" or paragraph.find_parent(["li", "td", "th", "blockquote"]):
        return None
    word_level = _WORD_LIST.search(paragraph.get("style", ""))
    marker = paragraph.find(attrs={"data-list-marker": True})
    if marker is not None:
        ordered = bool(re.match(r"\W*\w+[.)]", marker.get_text()))
        marker.decompose()
        _take_marker(paragraph)  # the padding left beside it
        return int(word_level.group(1)) if word_level else 1, ordered
    match = _take_marker(paragraph)
    if match is None:
        return (int(word_level.group(1)), False) if word_level else None
    return (int(word_level.group(1)) if word_level else 1), bool(match.group("number"))


def _take_marker(paragraph):
    strings = paragraph.find_all(string=True)
    match = _MARKER.match("".join(strings))
    if match is None or not match.group(0):
        return None
    left = match.end()
    for string in strings:
        if left <= 0:
            break
        string.replace_with(string[left:])
        left -= len(string)
    return match


def _make_lists(soup):
    run = []
    for node in list(soup.find_all("p")):
        item = _list_item(node)
        if item is None:
            continue
        previous = node.find_previous_sibling(True)
        if run and previous is not run[-1][2]:
            _replace_with_list(soup, run)
            run = []
        run.append((*item, node))
    if run:
        _replace_with_list(soup, run)


def _replace_with_list(soup, run):
    """Paragraphs of one pasted list as nested lists, by their levels."""
    stack = []  # (level, list element), innermost last
    first = run[0][2]
    anchor = soup.new_tag("span")
    first.insert_before(anchor)
    for level, ordered, paragraph in run:
        item = soup.new_tag("li")
        item.extend(list(paragraph.contents))
        paragraph.decompose()
        while stack and stack[-1][0] > level:
            stack.pop()
        if not stack or stack[-1][0] < level:
            new_list = soup.new_tag("ol" if ordered else "ul")
            if stack:
                stack[-1][1].find_all("li", recursive=False)[-1].append(new_list)
            else:
                anchor.insert_before(new_list)
            stack.append((level, new_list))
        stack[-1][1].append(item)
    anchor.decompose()


def _nest_stray_lists(container):
    """A list right inside a list (Google Docs' nesting) goes into the item before it."""
    for stray in container.find_all(["ul", "ol"], recursive=False):
        before = stray.find_previous_sibling("li")
        if before is not None:
            before.append(stray.extract())


def _is_heading(tag):
    if tag.name in _HEADINGS:
        return tag.name != SUBHEAD
    return tag.name == "p" and bool(_WORD_TITLES.search(" ".join(tag.get("class", []))))


def _make_subhead(tag):
    text = " ".join(tag.get_text().split())
    tag.name = SUBHEAD
    return text


def _is_blank(tag):
    return not tag.decomposed and _BLANK.fullmatch(tag.get_text()) is not None


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
