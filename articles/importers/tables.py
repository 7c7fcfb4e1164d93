"""
A page's data table as a block, and the block as the table markup the sanitising policy
keeps: caption, row groups, header and data cells with their spans and header scope.
"""

from html import escape

from .blocks import TABLE, Block, Item, tidy

GROUPS = ("thead", "tbody", "tfoot")
SCOPES = frozenset({"row", "col", "rowgroup", "colgroup"})
SPAN_MAX = 1000  # beyond any real table: a mistake, read as 1


def _span(value):
    try:
        span = int(value)
    except (TypeError, ValueError):
        return 1
    return span if 1 <= span <= SPAN_MAX else 1


def _attributes(cell):
    found = []
    for name in ("colspan", "rowspan"):
        if _span(cell.get(name)) > 1:
            found.append((name, str(_span(cell.get(name)))))
    scope = (cell.get("scope") or "").strip().lower()
    if cell.name == "th" and scope in SCOPES:
        found.append(("scope", scope))
    return tuple(found)


def read(tag, text):
    """The block of the table ``tag`` (``text`` reads an element as a reader sees it), or None."""
    rows, cells = [], []
    for row in tag.find_all("tr"):
        if row.find_parent("table") is not tag:
            continue
        group = row.parent.name if row.parent.name in GROUPS else "tbody"
        shapes = []
        for cell in row.find_all(["th", "td"], recursive=False):
            shapes.append((cell.name, _attributes(cell), tidy(text(cell))))
            cells.append(Item(shapes[-1][2]))  # what the page rules read of the table
        if shapes:
            rows.append((group, tuple(shapes)))
    if not any(item.text for item in cells):
        return None
    caption = tag.find("caption")
    return Block(TABLE, text(caption) if caption else "", items=tuple(cells), rows=tuple(rows))


def html(block, cite):
    """The table's markup, ``cite`` turning note markers in its texts into citations."""
    parts = ["<table>"]
    if block.text:
        parts.append(f"<caption>{escape(cite(block.text).strip(), quote=False)}</caption>")
    group = None
    for row_group, shapes in block.rows:
        if row_group != group:
            parts.append(f"</{group}><{row_group}>" if group else f"<{row_group}>")
            group = row_group
        parts.append("<tr>")
        for name, attributes, content in shapes:
            shown = "".join(f' {key}="{value}"' for key, value in attributes)
            content = escape(cite(content).strip(), quote=False)
            parts.append(f"<{name}{shown}>{content}</{name}>")
        parts.append("</tr>")
    parts.append(f"</{group}></table>")
    return "".join(parts)
