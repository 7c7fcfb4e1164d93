"""
Saved web pages as article documents: the rules both page parsers share.

``text`` and ``html`` read their input into Blocks: the page's lines, headings,
lists and figures in reading order, with nothing decided yet. ``build_document``
applies the page rules to them, once for both sources: it drops page furniture,
finds the headline, dek and lead image, takes out the references and the
read-also list, cites the references in the text and groups what is left into
the sections of a ``newsroom.article/1`` document.
"""

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from html import escape

from django.utils.text import slugify
from django.utils.translation import gettext as _

from ..footnotes import citation_letter
from ..sanitize import clean_html, safe_url
from . import ImportFailed

FORMAT = "newsroom.article/1"

HEADLINE = "headline"  # marked up as the page's headline (HTML h1)
HEADING = "heading"  # marked up as a subhead (HTML h2 to h6)
SHORT_LINE = "short line"  # a short text line without final punctuation
PARAGRAPH = "paragraph"
LIST = "list"
FIGURE = "figure"
TEXT_KINDS = frozenset({HEADLINE, HEADING, SHORT_LINE, PARAGRAPH})

TITLE_MAX = 120
CAPTION_MAX = 200  # captions run longer than subheads
SURNAME_MAX = 40  # keeps keys within the 50 characters of Footnote.key
KEY_POINTS = "Key points"
_CLOSERS = "\"')]»’”"


def normal(text):
    """The text as lowercase letters and digits only, to compare lines loosely."""
    return re.sub(r"[\W_]+", "", text.casefold())


def _labels(*texts):
    return frozenset(normal(text) for text in texts)


FURNITURE = _labels(
    "Skip to content",
    "Skip to main content",
    "Menu",
    "Subscribe",
    "Read more",
    "Sign in",
    "Log in",
    "Advertisement",
    "Back to top",
)
# These open a run of links (share buttons, most-read headlines) that goes with them.
FURNITURE_RUNS = _labels(
    "Share", "Share this", "Share this article", "Share this story", "Most read", "Most popular"
)
TRAILING_FURNITURE = _labels("Latest")
READ_ALSO = _labels("Read also", "Related", "Related articles", "Related stories", "See also")
REFERENCE_HEADINGS = _labels(
    "References", "Sources", "Notes", "Footnotes", "Bibliography", "Works cited"
)


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


def is_read_also_label(text):
    return normal(text) in READ_ALSO


def build_document(blocks, description=""):
    """
    The ``newsroom.article/1`` document a page's blocks make; ``description`` is
    the dek when none follows the headline. ImportFailed when there is no article.
    """
    blocks = _tidied(blocks)
    if not blocks:
        raise ImportFailed(_("The page is empty."))
    figures_above, headline, blocks = _take_headline(_without_furniture(blocks))
    dek, blocks = _take_dek(blocks, tidy(description))
    lead_image, blocks = _take_lead_image(figures_above + blocks)
    blocks = _without_repeats(blocks, headline, lead_image["caption"] if lead_image else "")
    related, blocks = _take_related(blocks)
    entries, blocks = _take_references(blocks)
    footnotes = _footnotes(entries)
    sections = _sections(blocks, _Citations(footnotes))
    if not sections:
        raise ImportFailed(_("The page has a headline but no article text."))
    return {
        "format": FORMAT,
        "headline": headline,
        "subhead": dek,
        "slug": "",
        "kind": "news",
        "language": _language([headline, dek, *_texts(blocks)]),
        "authors": [],
        "tags": [],
        "lead_image": lead_image,
        "sections": sections,
        "footnotes": footnotes,
        "related": [{"title": title, "url": None, "article": None} for title in related],
        "corrections": [],
        "status": "draft",
        "published_at": None,
    }


def _has_words(text):
    return bool(normal(text))


def _tidied(blocks):
    """The blocks with their text tidied, leaving out those with no words at all."""
    tidied = []
    for block in blocks:
        items = (replace(item, text=tidy(item.text)) for item in block.items)
        block = replace(
            block,
            text=tidy(block.text),
            alt=tidy(block.alt),
            items=tuple(item for item in items if _has_words(item.text)),
        )
        if _has_words(block.text) or _has_words(block.alt) or block.items:
            tidied.append(block)
    return tidied


def _texts(blocks):
    for block in blocks:
        yield block.text
        yield from (item.text for item in block.items)


def _is_sentence(text):
    return len(text) > TITLE_MAX or final_mark(text) in {".", "…"}


def _is_link_like(blocks, index):
    """A line or list that reads as link titles rather than as article text."""
    block = blocks[index]
    if block.kind == LIST:
        titles = all(not _is_sentence(item.text) for item in block.items)
        return titles and not _looks_like_references(block)
    if block.kind not in {SHORT_LINE, PARAGRAPH} or _is_sentence(block.text):
        return False
    # A short line followed by prose is the headline or a subhead of that prose.
    following = blocks[index + 1] if index + 1 < len(blocks) else None
    return not (following and following.kind == PARAGRAPH and _is_sentence(following.text))


def _without_furniture(blocks):
    kept, in_run = [], False
    for index, block in enumerate(blocks):
        if in_run and _is_link_like(blocks, index):
            continue
        label = normal(block.text)
        in_run = label in FURNITURE_RUNS
        if not in_run and label not in FURNITURE:
            kept.append(block)
    while kept and normal(kept[-1].text) in TRAILING_FURNITURE:
        kept.pop()
    return kept


def _take_headline(blocks):
    """
    The figures above the headline, the headline, and the blocks below it.
    Above the headline there is nothing else but page furniture.
    """
    marked = [index for index, block in enumerate(blocks) if block.kind == HEADLINE]
    candidates = marked or [index for index, block in enumerate(blocks) if block.kind in TEXT_KINDS]
    if not candidates:
        raise ImportFailed(_("No headline found on the page."))
    index = candidates[0]
    figures_above = [block for block in blocks[:index] if block.kind == FIGURE]
    return figures_above, blocks[index].text, blocks[index + 1 :]


def _is_doubled(blocks, index):
    """The block is a text line printed twice in a row."""
    if index + 1 >= len(blocks):
        return False
    first, second = blocks[index], blocks[index + 1]
    both_lines = {first.kind, second.kind} <= {SHORT_LINE, PARAGRAPH}
    return both_lines and normal(first.text) == normal(second.text)


def _take_dek(blocks, description):
    if blocks and blocks[0].kind == PARAGRAPH and not _is_doubled(blocks, 0):
        return blocks[0].text, blocks[1:]
    return description, blocks


def _said_once(text):
    """A caption printed twice over ("A caption A caption") as printed once."""
    words = text.split()
    half = len(words) // 2
    if len(words) % 2 == 0 and words[:half] == words[half:]:
        return " ".join(words[:half])
    return text


def _lead_image(caption, alt):
    return {"caption": _said_once(caption), "alt": _said_once(alt), "credit": ""}


def _take_lead_image(blocks):
    """
    The first figure; or, for text pages, the line printed twice right after
    the dek (a text dump prints the image's caption and then its alt text).
    Figures after the first are images the document does not carry.
    """
    figures = [block for block in blocks if block.kind == FIGURE]
    others = [block for block in blocks if block.kind != FIGURE]
    if figures:
        return _lead_image(figures[0].text, figures[0].alt), others
    if _is_doubled(blocks, 0) and len(blocks[0].text) <= CAPTION_MAX:
        return _lead_image(blocks[0].text, blocks[0].text), blocks[2:]
    return None, blocks


def _fingerprint(block):
    return normal(block.text), tuple(normal(item.text) for item in block.items)


def _without_repeats(blocks, *printed_above):
    """Without lines repeating the headline or caption, nor a block repeating the one before."""
    above = {normal(text) for text in printed_above if text}
    kept = []
    for block in blocks:
        if block.kind != LIST and normal(block.text) in above:
            continue
        if kept and _fingerprint(kept[-1]) == _fingerprint(block):
            continue
        kept.append(block)
    return kept


def _titles(block):
    return [item.text for item in block.items] if block.kind == LIST else [block.text]


def _take_related(blocks):
    """Titles listed under "Read also" (and the like), and the blocks without those lists."""
    titles, kept, index = [], [], 0
    while index < len(blocks):
        if blocks[index].kind != LIST and is_read_also_label(blocks[index].text):
            index += 1
            while index < len(blocks) and _is_link_like(blocks, index):
                titles.extend(_titles(blocks[index]))
                index += 1
        else:
            kept.append(blocks[index])
            index += 1
    return list(dict.fromkeys(titles)), kept


# -- References ------------------------------------------------------------

_AUTHOR_YEAR = re.compile(
    r"(?P<authors>[^()]{1,120}?)\s*\((?P<year>\d{4})[a-z]?\)[.,:]?\s*(?P<rest>.*\w.*)", re.S
)
_NAME_PARTICLES = frozenset(
    {"and", "et", "al", "van", "von", "de", "der", "den", "da", "del", "di", "du", "la", "le"}
)
_SOURCE_PART = re.compile(
    r"\s*(?:\b(?:Retrieved|Available)\s+(?:from|at)\b|https?://).*", re.IGNORECASE | re.S
)
_PRINTED_URL = re.compile(
    r"\b(?:Retrieved|Available)\s+(?:from|at)\s+(\S+)|(https?://\S+)", re.IGNORECASE
)


def _names_only(text):
    """Reads as a list of names ("Kim, J., & Lee, S."), not as a sentence ("The column by Kim")."""
    words = [word for word in re.split(r"[\s,;]+", text) if word]
    return _has_words(text) and all(
        not word[0].islower() or word.strip(".").lower() in _NAME_PARTICLES for word in words
    )


def _author_year(text):
    """The parts of an "Authors (Year). Title." reference, or None for other shapes."""
    match = _AUTHOR_YEAR.fullmatch(text)
    return match if match and _names_only(match["authors"]) else None


def _looks_like_references(block):
    items = block.items
    labelled = all(item.label is not None for item in items)
    return bool(items) and (labelled or all(_author_year(item.text) for item in items))


def _is_references_heading(block):
    return block.kind != LIST and normal(block.text) in REFERENCE_HEADINGS


def _take_references(blocks):
    """(number, item) for every reference listed, and the blocks without the reference lists."""
    entries, kept = [], []
    for index, block in enumerate(blocks):
        headed = index > 0 and _is_references_heading(blocks[index - 1])
        if block.kind == LIST and (headed or _looks_like_references(block)):
            if headed:
                kept.pop()  # the heading names the list, not a section
            entries.extend(
                (block.start + position if item.label is None else item.label, item)
                for position, item in enumerate(block.items)
            )
        else:
            kept.append(block)
    return entries, kept


def _surname(authors):
    """The first author's family name: Kim in "Kim, J., & Lee, S." and in "J. Kim and S. Lee"."""
    first_author = re.split(r",|&|;|\band\b|\bet al\b", authors, maxsplit=1)[0].split()
    return first_author[-1] if first_author else ""


def _printed_url(text):
    match = _PRINTED_URL.search(text)
    return (match[1] or match[2]).rstrip(".,;)") if match else ""


def _reference(item):
    match = _author_year(item.text)
    if match:
        authors, year, rest = match["authors"], int(match["year"]), match["rest"]
    else:
        authors, year, rest = "", None, item.text
    title = _SOURCE_PART.sub("", rest).strip().rstrip(".").strip()
    return {
        "authors": authors,
        "year": year,
        "title": title or item.text,
        "url": safe_url(item.href or _printed_url(item.text)),
    }


def _key(reference, number):
    surname = slugify(_surname(reference["authors"]))[:SURNAME_MAX]
    if surname and reference["year"] is not None:
        return f"{surname}{reference['year']}"
    return f"ref{number}"


def _nth_key(key, earlier_uses):
    """kim2021, then kim2021b, kim2021c…; keys end in a digit, so a suffixed one is no other key."""
    return f"{key}{citation_letter(earlier_uses)}" if earlier_uses else key


def _footnotes(entries):
    """Footnotes from (number, item) entries; a number given twice moves past the highest."""
    notes, numbers, highest, key_uses = [], set(), 0, Counter()
    for number, item in entries:
        if number in numbers:
            number = highest + 1
        numbers.add(number)
        highest = max(highest, number)
        reference = _reference(item)
        key = _key(reference, number)
        notes.append(
            {
                "key": _nth_key(key, key_uses[key]),
                "number": number,
                "citation": item.text,
                **reference,
            }
        )
        key_uses[key] += 1
    return notes


# Markers swallow the space before them: a note reference sits right after its word.
_NUMBER_MARKER = re.compile(r"\s*\[(\d{1,4})\]")
# Mentions start where a word starts, so that a long word is not scanned from each letter.
_MENTION = re.compile(
    r"(?<![\w'’-])(?P<mention>(?P<surname>[^\W\d_][\w'’-]*)"
    r"(?:\s+(?:and|&)\s+[^\W\d_][\w'’-]*)?(?:\s+et\s+al\.?)?"
    r"\s*\((?P<year>\d{4})\))(?P<marker>\[\^[\w-]+\])?"
)


class _Citations:
    """Writes the references a page's text makes to its notes as ``[^key]`` markers."""

    def __init__(self, footnotes):
        self.keys_by_number = {note["number"]: note["key"] for note in footnotes}
        keys_by_author_year = defaultdict(list)
        for note in footnotes:
            if note["year"] is not None:
                author_year = (_surname(note["authors"]).casefold(), note["year"])
                keys_by_author_year[author_year].append(note["key"])
        # A mention such as "Kim (2021)" cites a note only when it can mean no other.
        self.keys_by_author_year = {
            author_year: keys[0]
            for author_year, keys in keys_by_author_year.items()
            if len(keys) == 1
        }

    def __call__(self, text):
        return _MENTION.sub(self._cite_mention, _NUMBER_MARKER.sub(self._rewrite_marker, text))

    def _rewrite_marker(self, match):
        key = self.keys_by_number.get(int(match[1]))
        return f"[^{key}]" if key else ""

    def _cite_mention(self, match):
        key = self.keys_by_author_year.get((match["surname"].casefold(), int(match["year"])))
        if key is None or match["marker"] == f"[^{key}]":
            return match[0]
        return f"{match['mention']}[^{key}]{match['marker'] or ''}"


# -- Sections ---------------------------------------------------------------


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
    text = cite(block.text).strip()
    # A paragraph of nothing but markers of missing notes is no paragraph.
    return f"<p>{escape(text, quote=False)}</p>" if text else ""


def _sections(blocks, cite):
    """Sections as (heading, body) dicts; a numbered list is a section of key points of its own."""
    sections = []
    for index, block in enumerate(blocks):
        if _is_subhead(blocks, index):
            sections.append((block.text, []))
        elif block.kind == LIST and block.ordered:
            heading_alone = sections and sections[-1][0] and not sections[-1][1]
            if not heading_alone:
                sections.append((KEY_POINTS, []))
            sections[-1][1].append(_list_html(block, cite))
            sections.append(("", []))  # what follows the list is not one of its points
        else:
            if not sections:
                sections.append(("", []))
            sections[-1][1].append(_block_html(block, cite))
    bodies = ((heading, clean_html("".join(parts))) for heading, parts in sections)
    return [{"heading": heading, "body": body} for heading, body in bodies if body]


_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")


def _language(texts):
    """Korean when most letters are Hangul."""
    letters = sum(character.isalpha() for text in texts for character in text)
    hangul = sum(len(_HANGUL.findall(text)) for text in texts)
    return "ko" if hangul * 2 > letters else "en"
