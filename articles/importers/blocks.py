"""
The blocks a saved page is read into, and the text helpers the page rules share.

A Block is a line, heading, list or figure of the page in reading order, with
nothing decided yet about what it is in the article.
"""

import re
from dataclasses import dataclass

HEADLINE = "headline"  # marked up as the page's headline (HTML h1)
HEADING = "heading"  # marked up as a section heading (HTML h2 to h6)
SHORT_LINE = "short line"  # a short text line without final punctuation
PARAGRAPH = "paragraph"
LIST = "list"
FIGURE = "figure"
QUOTE = "quote"  # a quotation set apart (HTML blockquote)
TABLE = "table"  # a data table: its caption as text, its cells as items (see tables.py)
TEXT_KINDS = frozenset({HEADLINE, HEADING, SHORT_LINE, PARAGRAPH})
# What the page's markup (class or id) says a block is, when it says so.
STANDFIRST = "standfirst"
BYLINE = "byline"
_CLOSERS = "\"')]»’”"


def normal(text):
    """The text as lowercase letters and digits only, to compare lines loosely."""
    return re.sub(r"[\W_]+", "", text.casefold())


_WORD = re.compile(r"\w+")
SHINGLE = 4  # words in a run, to compare texts by the runs of words they share


def words(text):
    return _WORD.findall(text.casefold())


def word_runs(tokens, size=SHINGLE):
    return [tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1)]


def labels(*texts):
    return frozenset(normal(text) for text in texts)


def has_words(text):
    return bool(normal(text))


@dataclass(frozen=True)
class Item:
    text: str
    label: int | None = None  # n when the page printed "[n]" before the item
    href: str = ""  # where the item links to, if anywhere


@dataclass(frozen=True)
class Block:
    kind: str
    text: str = ""  # for a figure, the caption
    items: tuple[Item, ...] = ()
    ordered: bool = False
    start: int = 1  # the number of an ordered list's first item
    alt: str = ""  # for a figure, the image's alt text
    credit: str = ""  # for a figure, whom the image is by, when the page says
    src: str = ""  # for a figure, the absolute address of the image's file, when the page gives one
    alone: bool = False  # for a figure, an image standing in the text, not a <figure>
    role: str = ""  # STANDFIRST or BYLINE when the markup marks the block as one
    rows: tuple = ()  # for a table: each row's group and its cells (tag, attributes, text)


# A lookbehind, so that a long run of spaces is not scanned again from each of them.
_LABEL = re.compile(r"(?:^|(?<=\s))\[(\d{1,4})\]\s*")
_INVISIBLE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def tidy(text):
    """One line of plain text: control characters gone, each run of whitespace one space."""
    return " ".join(_INVISIBLE.sub(" ", text).split())


def final_mark(text):
    """The last character before any closing quotes or brackets."""
    return text.rstrip(_CLOSERS)[-1:]


def labelled_items(text):
    """'[1] A. [2] B.' as items labelled 1 and 2; none when the text does not open with a label."""
    parts = _LABEL.split(text)
    if len(parts) < 3 or parts[0]:
        return ()
    return tuple(
        Item(body, label=int(number)) for number, body in zip(parts[1::2], parts[2::2], strict=True)
    )
