"""
Web pages saved as HTML as article documents.

BeautifulSoup's html.parser reads the page into the blocks of ``page``, which
applies the rules shared with text pages. Only text leaves this module, so no
markup, script or attribute of the page reaches the document. The tree is read,
never changed, and each element is visited once, however deep the nesting.
"""

import re
import warnings
from dataclasses import replace
from itertools import islice

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

from . import ImportFailed
from .blocks import FIGURE, HEADING, HEADLINE, LIST, PARAGRAPH, Block, Item, labelled_items, tidy
from .page import build_document, is_read_also_label

UNREAD = frozenset(
    {
        "head", "title", "script", "style", "iframe", "object", "embed", "form", "noscript",
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
LIST_START_MAX = 999
LABEL_SEARCH = 12  # nodes of an aside searched for a "Read also" label
_NOTE_NUMBER = re.compile(r"\[?(\d{1,4})\]?")
_READ_ALSO_NAMES = re.compile(r"related|read-?also|see-?also", re.IGNORECASE)
_SURROGATES = re.compile(r"[\ud800-\udfff]")


def parse(html):
    """The ``newsroom.article/1`` document of an HTML page; ImportFailed if it holds no article."""
    # A lone surrogate (from a badly decoded file) cannot be encoded, as the parser needs.
    soup = _soup(_SURROGATES.sub("", html))
    title = _title(soup)
    blocks = _blocks(soup)
    if title and not any(block.kind == HEADLINE and tidy(block.text) for block in blocks):
        blocks.insert(0, Block(HEADLINE, title))
    return build_document(blocks, _description(soup))


def _soup(html):
    with warnings.catch_warnings():
        # Whatever the string looks like (a URL, XML), it is read as a page.
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        try:
            return BeautifulSoup(html, "html.parser")
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


def _is_page_furniture(tag, in_article):
    if tag.name == "nav":
        return True
    if tag.name == "aside":
        return not _is_read_also(tag)
    if tag.name in {"header", "footer"}:
        return not in_article  # an article's own header holds its headline and dek
    return False


def _is_skipped(node, in_article):
    return not isinstance(node, Tag) or node.name in UNREAD or _is_page_furniture(node, in_article)


def _blocks(root):
    """
    The page's blocks in reading order; text standing between blocks (in a div,
    say) is a paragraph of its own. Page furniture and unread elements are
    skipped whole on the way down.
    """
    blocks, inline = [], []

    def end_paragraph():
        if "".join(inline).strip():
            blocks.append(Block(PARAGRAPH, "".join(inline)))
        inline.clear()

    # The children still to read of each open container, and whether it is in an article.
    containers = [(iter(root.children), False)]
    while containers:
        children, in_article = containers[-1]
        node = next(children, None)
        if node is None:
            containers.pop()
            end_paragraph()
        elif _is_text(node):
            inline.append(str(node))
        elif _is_skipped(node, in_article):
            continue
        elif node.name in INLINE:
            inline.append(_text(node))
        else:
            end_paragraph()
            block = _block(node)
            if block:
                blocks.append(block)
            else:
                containers.append((iter(node.children), in_article or node.name == "article"))
    return blocks


def _block(tag):
    """The block an element makes, or None when it is a container to read inside."""
    if tag.name == "h1":
        return Block(HEADLINE, _text(tag))
    if tag.name in SUBHEADINGS:
        return Block(HEADING, _text(tag))
    if tag.name == "figure":
        return _figure(tag)
    if tag.name in {"ul", "ol"} and tag.find("li", recursive=False):
        return _list(tag)
    if tag.name in TEXT_ELEMENTS and not _holds_blocks(tag):
        return Block(PARAGRAPH, _text(tag))
    return None


def _holds_blocks(tag):
    # html.parser does not close an open <p> at the next one, so paragraphs may nest.
    return any(isinstance(child, Tag) and child.name not in INLINE for child in tag.children)


def _figure(tag):
    caption, image = tag.find("figcaption"), tag.find("img")
    return Block(
        FIGURE,
        _text(caption) if caption else "",
        alt=" ".join(image.get_attribute_list("alt")) if image else "",
    )


def _list(tag):
    items = (item for li in tag.find_all("li", recursive=False) for item in _items(li))
    return Block(LIST, items=tuple(items), ordered=tag.name == "ol", start=_start(tag))


def _items(li):
    """A list item, or the references it holds when it opens with a "[n]" label."""
    link = li.find("a", href=lambda href: href and not href.startswith("#"))
    href = link["href"] if link else ""
    text = tidy(_text(li))
    return tuple(replace(item, href=href) for item in labelled_items(text) or (Item(text),))


def _start(tag):
    try:
        start = int(tag.get("start", 1))
    except (TypeError, ValueError):
        return 1
    # Beyond the length of any real list, the number is a mistake: count from 1.
    return start if 1 <= start <= LIST_START_MAX else 1
