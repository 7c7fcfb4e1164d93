"""
A page's blocks grouped into the sections of a ``newsroom.article/1`` document:
a section at each subhead, a numbered list as a section of key points, and each
figure on the section it stands in.
"""

from html import escape

from ..sanitize import clean_html
from . import tables
from .blocks import FIGURE, HEADING, HEADLINE, LIST, PARAGRAPH, QUOTE, SHORT_LINE, TABLE
from .credits import picture

KEY_POINTS = "Key points"


def _is_subhead(blocks, index):
    block = blocks[index]
    if block.kind in {HEADLINE, HEADING}:
        return True
    following = blocks[index + 1] if index + 1 < len(blocks) else None
    return (
        block.kind == SHORT_LINE and following is not None and following.kind in {PARAGRAPH, LIST}
    )


def _list_html(block, cite):
    tag = "ol" if block.ordered else "ul"
    texts = (cite(item.text).strip() for item in block.items)
    items = "".join(f"<li>{escape(text, quote=False)}</li>" for text in texts if text)
    return f"<{tag}>{items}</{tag}>" if items else ""


def _block_html(block, cite):
    if block.kind == LIST:
        return _list_html(block, cite)
    if block.kind == TABLE:
        return tables.html(block, cite)
    text = cite(block.text).strip()
    # A paragraph of nothing but markers of missing notes is no paragraph.
    paragraph = f"<p>{escape(text, quote=False)}</p>" if text else ""
    return (
        f"<blockquote>{paragraph}</blockquote>" if paragraph and block.kind == QUOTE else paragraph
    )


def section_dicts(blocks, cite):
    """
    Sections as (heading, body, figure) dicts; a numbered list is a section of key
    points of its own. A figure is the figure of the section it appears in, which
    shows it after its text: so the text after it, up to the next subhead, goes on
    in a section without heading, and every figure stays where the page had it.
    """
    sections = []  # [heading, parts, figure]

    def section_for_text():
        if not sections or sections[-1][2]:
            sections.append(["", [], None])
        return sections[-1]

    for index, block in enumerate(blocks):
        if _is_subhead(blocks, index):
            sections.append([block.text, [], None])
        elif block.kind == FIGURE:
            section_for_text()[2] = picture(block.text, block.alt, block.credit, block.src)
        elif block.kind == LIST and block.ordered:
            heading, parts, figure = sections[-1] if sections else ("", [], None)
            if not (heading and not parts and not figure):
                sections.append([KEY_POINTS, [], None])
            sections[-1][1].append(_list_html(block, cite))
            sections.append(["", [], None])  # what follows the list is not one of its points
        else:
            section_for_text()[1].append(_block_html(block, cite))
    bodies = ((heading, clean_html("".join(parts)), figure) for heading, parts, figure in sections)
    return [
        {"heading": heading, "body": body, "figure": figure}
        for heading, body, figure in bodies
        if body or figure
    ]
