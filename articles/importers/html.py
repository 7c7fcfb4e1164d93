"""
Web pages saved as HTML as article documents.

BeautifulSoup (with lxml's parser) reads the page into the blocks of ``page``, which
applies the rules shared with text pages; ``extraction`` says where the page's
article text is and what the page declares about itself (headline, authors,
times, tags). Only text leaves this module, so no markup, script or attribute
of the page reaches the document. The tree is read, never changed, and each
element is visited once, however deep the nesting.
"""

import re
import warnings
from dataclasses import replace
from itertools import islice
from urllib.parse import urljoin

from bs4 import (
    BeautifulSoup,
    MarkupResemblesLocatorWarning,
    NavigableString,
    Tag,
    XMLParsedAsHTMLWarning,
)
from bs4.element import PreformattedString
from bs4.exceptions import ParserRejectedMarkup
from django.utils.translation import gettext as _

from . import ImportFailed, extraction, figures, hints, tables
from .blocks import (
    BYLINE,
    FIGURE,
    HEADING,
    HEADLINE,
    LIST,
    PARAGRAPH,
    QUOTE,
    STANDFIRST,
    Block,
    Item,
    labelled_items,
    tidy,
)
from .credits import BYLINE_MAX
from .page import build_document, is_read_also_label

UNREAD = frozenset(
    {
        "head", "title", "script", "style", "iframe", "object", "embed", "noscript",
        "template", "svg", "math", "canvas", "button", "select", "textarea",
    }
)  # fmt: skip
INLINE = frozenset(
    {
        "a", "abbr", "b", "bdi", "bdo", "big", "br", "cite", "code", "data", "del", "dfn", "em",
        "font", "i", "img", "ins", "kbd", "label", "mark", "picture", "q", "s", "samp", "small",
        "source", "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr",
    }
)  # fmt: skip
SUBHEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
TEXT_ELEMENTS = frozenset(
    {"p", "pre", "li", "dt", "dd", "address", "figcaption", "caption", "summary"}
)
LAYOUT = frozenset({"p", "div", "table", "ul", "ol", "h1", "h2", "h3", "article", "section"})
LIST_START_MAX = 999
STANDFIRST_MAX = 500
LABEL_SEARCH = 12  # nodes of an aside searched for a "Read also" label
_NOTE_NUMBER = re.compile(r"\[?(\d{1,4})\]?")
_READ_ALSO_NAMES = re.compile(r"related|read-?also|see-?also", re.IGNORECASE)
_SURROGATES = re.compile(r"[\ud800-\udfff]")


def parse(html, warnings=None):
    """
    The ``newsroom.article/1`` document of an HTML page; ImportFailed if it holds no article.
    A marker citing no listed reference fails it too, unless ``warnings`` (a list) is given
    to note it in.
    """
    # A lone surrogate (from a badly decoded file) cannot be encoded, as the parser needs.
    html = _SURROGATES.sub("", html)
    soup = _soup(html)
    declared = extraction.declared(soup, html)
    title = declared.title or _title(soup)
    blocks = _blocks(soup, declared.url)
    if title and not any(block.kind == HEADLINE and tidy(block.text) for block in blocks):
        blocks.insert(0, Block(HEADLINE, title))
    return build_document(
        blocks,
        _description(soup),
        declared=declared,
        title=title,
        main_text=extraction.main_text(html),
        warnings=warnings,
    )


def _soup(html):
    with warnings.catch_warnings():
        # Whatever the string looks like (a URL, XML), it is read as a page.
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        try:
            return BeautifulSoup(html, "lxml")
        except ParserRejectedMarkup as error:
            raise ImportFailed(_("The page is not readable HTML.")) from error


def _title(soup):
    title = soup.find("title")
    # "Headline | Site name": the site's name is no part of the headline.
    return re.split(r"\s\|\s", title.get_text())[0] if title else ""


def _description(soup):
    meta = soup.find("meta", attrs={"name": re.compile(r"^\s*description\s*$", re.IGNORECASE)})
    return " ".join(meta.get_attribute_list("content")) if meta else ""


def _is_text(node):
    return isinstance(node, NavigableString) and not isinstance(node, PreformattedString)


def _is_blank(node):
    return _is_text(node) and not node.strip()


def _only_child(tag):
    children = [child for child in tag.children if not _is_blank(child)]
    return children[0] if len(children) == 1 else None


def _note_number(sup):
    """n for <sup>n</sup>, <sup>[n]</sup> and <sup><a href="#note-n">n</a></sup>, else None."""
    content = _only_child(sup)
    if isinstance(content, Tag) and content.name == "a":
        content = _only_child(content)
    number = _NOTE_NUMBER.fullmatch(content.strip()) if _is_text(content) else None
    return number[1] if number else None


def _text(element):
    """What a reader sees of an element: note numbers as "[n]", line breaks as spaces."""
    parts, siblings = [], [iter([element])]
    while siblings:
        node = next(siblings[-1], None)
        if node is None:
            siblings.pop()
        elif _is_text(node):
            parts.append(str(node))
        elif not isinstance(node, Tag) or node.name in UNREAD:
            continue
        elif node.name == "br":
            parts.append(" ")
        elif node.name == "sup" and (number := _note_number(node)):
            parts.append(f"[{number}]")
        else:
            siblings.append(iter(node.children))
    return "".join(parts)


def _is_read_also(aside):
    names = " ".join(aside.get_attribute_list("class") + aside.get_attribute_list("id"))
    if _READ_ALSO_NAMES.search(names):
        return True
    # The label opens the aside; searching only its first nodes keeps nested asides cheap.
    opening = (node for node in islice(aside.next_elements, LABEL_SEARCH) if not _is_blank(node))
    first = next((node for node in opening if _is_text(node)), "")
    return is_read_also_label(first)


def _role(tag):
    if tag.name == "time" or hints.says(tag, BYLINE) and len(tag.get_text()) <= BYLINE_MAX:
        return BYLINE  # a long element so named (a "post-meta" wrapper, say) is no byline
    if hints.says(tag, STANDFIRST) and len(tag.get_text()) <= STANDFIRST_MAX:
        return STANDFIRST  # so is a long "entry-summary" wrapper of the whole article
    return ""


def _is_logo(h1):
    """An h1 holding nothing but a link or an image: the site's name, not a headline."""
    content = _only_child(h1)
    return isinstance(content, Tag) and content.name in {"a", "img", "picture"}


def _holds_page(tag):
    return tag.find({"h1", "article", "main"}) is not None


def _is_page_furniture(tag, in_article):
    if tag.name == "nav":
        return True
    if tag.name not in {"body", "main", "article"} and hints.says(tag, hints.SKIP):
        # A wrapper so named may hold the whole page; a "wp-caption" is a picture.
        return not _holds_page(tag) and not figures.is_captioned_image(tag)
    if tag.name == "aside":
        return not _is_read_also(tag)
    if tag.name == "form":
        # A page wrapped whole in a form (ASP.NET style) is read; other forms are not text.
        return not _holds_page(tag) and len(tag.find_all("p", limit=3)) < 3
    if tag.name == "header" and not in_article:
        # A page's header may hold the article's headline (and its dek), or only the site's name.
        return not any(not _is_logo(h1) for h1 in tag.find_all("h1"))
    if tag.name == "footer":
        return not in_article  # an article's own footer may hold its references
    return False


def _is_skipped(node, in_article):
    return not isinstance(node, Tag) or node.name in UNREAD or _is_page_furniture(node, in_article)


def _is_wrapper(tag):
    """An inline element (a span, say) that wraps paragraphs and subheads: read inside it."""
    return tag.name == "span" and _holds_blocks(tag)


def _blocks(root, base_url=""):
    """
    The page's blocks in reading order; text standing between blocks (in a div,
    say) is a paragraph of its own. Page furniture and unread elements are
    skipped whole on the way down. Links and pictures' files are made absolute
    against ``base_url``.
    """
    blocks, inline = [], []

    def end_paragraph(role):
        if "".join(inline).strip():
            blocks.append(Block(PARAGRAPH, "".join(inline), role=role))
        inline.clear()

    def add_picture(picture, role):
        if picture is not None:
            blocks.append(replace(picture, role=role))

    # The children still to read of each open container, whether it is in an article,
    # the role its markup gives it, and whether its images may be the article's pictures.
    containers = [(iter(root.children), False, "", True)]
    while containers:
        children, in_article, role, pictures = containers[-1]
        node = next(children, None)
        if node is None:
            containers.pop()
            end_paragraph(role)
        elif _is_text(node):
            inline.append(str(node))
        elif isinstance(node, Tag) and _captions_picture(blocks, inline, node):
            blocks[-1] = _with_caption(blocks[-1], node)
        elif _is_skipped(node, in_article):
            continue
        elif _is_picture(node):
            end_paragraph(role)
            allowed = pictures and (_role(node) or role) != BYLINE
            add_picture(_figure(node, base_url) if allowed else None, role)
        elif node.name in INLINE and not _is_wrapper(node):
            inline.append(_text(node))
        else:
            end_paragraph(role)
            inner_role = _role(node) or role
            block = _block(node, base_url)
            if block:
                blocks.append(replace(block, role=inner_role))
                if node.name == "p" and pictures and inner_role != BYLINE:
                    for image in figures.images_in(node):
                        add_picture(figures.image(image, base_url), inner_role)
            else:
                in_article = in_article or node.name == "article"
                pictures = pictures and not figures.has_no_pictures(node)
                containers.append((iter(node.children), in_article, inner_role, pictures))
    return blocks


def _is_picture(tag):
    """A figure of a picture (not of a quotation), a captioned image, or an image alone."""
    if tag.name == "figure":
        return figures.is_picture_figure(tag)
    if tag.name in {"a", "span"}:
        tag = _only_child(tag)
        return isinstance(tag, Tag) and figures.is_image(tag)
    return figures.is_image(tag) or figures.is_captioned_image(tag)


def _figure(tag, base_url):
    if tag.name == "figure" or figures.is_captioned_image(tag):
        return figures.figure(tag, _text, base_url)
    return figures.image(tag, base_url)


def _captions_picture(blocks, inline, tag):
    """The element is the caption or credit, printed after it, of the picture just read."""
    if not blocks or blocks[-1].kind != FIGURE or "".join(inline).strip() or tag.name in UNREAD:
        return False
    name = figures.caption_of(tag)
    if name == hints.CAPTION:
        return not blocks[-1].text
    return name == hints.CREDIT and not blocks[-1].credit


def _with_caption(picture, tag):
    if figures.caption_of(tag) == hints.CREDIT:
        return replace(picture, credit=_text(tag))
    return replace(picture, text=_text(tag))


def _block(tag, base_url):
    """The block an element makes, or None when it is a container to read inside."""
    if tag.name == "h1":
        return Block(HEADLINE, _text(tag))
    if tag.name in SUBHEADINGS:
        return Block(HEADING, _text(tag))
    if tag.name in {"ul", "ol"} and tag.find("li", recursive=False):
        return _list(tag, base_url)
    if tag.name in TEXT_ELEMENTS and not _holds_blocks(tag):
        return Block(PARAGRAPH, _text(tag))
    if tag.name == "blockquote" and not tag.find(LAYOUT - {"p"}):
        return Block(QUOTE, _text(tag))
    if tag.name == "table" and not tag.find(LAYOUT):
        return tables.read(tag, _text)
    if tag.name == "tr" and not tag.find(LAYOUT):
        # A table holding paragraphs or tables is page layout: each row a line of its cells.
        return Block(PARAGRAPH, " | ".join(_text(cell) for cell in tag.find_all({"td", "th"})))
    return None


def _holds_blocks(tag):
    # A paragraph may hold what a browser would close it at (a list, say): read inside it.
    return any(isinstance(child, Tag) and child.name not in INLINE for child in tag.children)


def _list(tag, base_url):
    items = (item for li in tag.find_all("li", recursive=False) for item in _items(li, base_url))
    return Block(LIST, items=tuple(items), ordered=tag.name == "ol", start=_start(tag))


def _items(li, base_url):
    """A list item, or the references it holds when it opens with a "[n]" label."""
    link = li.find("a", href=lambda href: href and not href.startswith("#"))
    # A relative link on a page that does not say where it lives leads nowhere.
    href = urljoin(base_url, link["href"].strip()) if link and base_url else ""
    if link and not href and link["href"].strip().startswith(("http://", "https://")):
        href = link["href"].strip()
    text = tidy(_text(li))
    return tuple(replace(item, href=href) for item in labelled_items(text) or (Item(text),))


def _start(tag):
    try:
        start = int(tag.get("start", 1))
    except (TypeError, ValueError):
        return 1
    # Beyond the length of any real list, the number is a mistake: count from 1.
    return start if 1 <= start <= LIST_START_MAX else 1
