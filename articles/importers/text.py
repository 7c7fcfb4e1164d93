"""
Web pages saved as plain text (one paragraph a line) as article documents.

Only the shape of a line says what it is: a line opening with "[1]" holds
references, "1." or "1)" opens a numbered point, a short line without final
punctuation may be a section heading. ``page`` applies the rules shared with HTML pages.
"""

import re
from itertools import groupby

from .blocks import LIST, PARAGRAPH, SHORT_LINE, Block, Item, final_mark, labelled_items, tidy
from .page import build_document

SUBHEAD_MAX = 80
_NUMBERED = re.compile(r"(\d{1,3})[.)]\s+(?=\S)")


def parse(text, warnings=None):
    """
    The ``newsroom.article/1`` document of a text page; ImportFailed if it holds no article,
    or cites a reference it does not list (noted in ``warnings`` instead, when given).
    """
    lines = (tidy(line) for line in text.splitlines())
    return build_document(_blocks(line for line in lines if line), warnings=warnings)


def _run_kind(line):
    if labelled_items(line):
        return "references"
    if _NUMBERED.match(line):
        return "numbered"
    return "lines"


def _blocks(lines):
    """A block a line, except that a run of references or of numbered points is one list."""
    blocks = []
    for kind, run in groupby(lines, key=_run_kind):
        if kind == "references":
            items = tuple(item for line in run for item in labelled_items(line))
            blocks.append(Block(LIST, items=items, ordered=True))
        elif kind == "numbered":
            run = list(run)
            items = tuple(Item(_NUMBERED.sub("", line, count=1)) for line in run)
            start = int(_NUMBERED.match(run[0])[1])
            blocks.append(Block(LIST, items=items, ordered=True, start=start))
        else:
            blocks.extend(_line_block(line) for line in run)
    return blocks


def _line_block(line):
    short = len(line) <= SUBHEAD_MAX and final_mark(line) not in {".", "!", "?", ":"}
    return Block(SHORT_LINE if short else PARAGRAPH, line)
