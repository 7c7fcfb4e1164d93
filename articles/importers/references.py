"""
Reference lists of saved pages as footnotes: which lists are references, the
key and parts of each reference, and the citations the text makes to them.
"""

import re
from collections import defaultdict

from django.utils.text import slugify

from ..footnotes import citation_letter
from ..sanitize import safe_url
from .blocks import LIST, Item, has_words, labelled_items, normal, tidy

SURNAME_MAX = 40  # keeps keys within the 50 characters of Footnote.key
REFERENCE_HEADINGS = frozenset(
    normal(text)
    for text in ("References", "Sources", "Notes", "Footnotes", "Bibliography", "Works cited")
)


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
    return has_words(text) and all(
        not word[0].islower() or word.strip(".").lower() in _NAME_PARTICLES for word in words
    )


def _author_year(text):
    """The parts of an "Authors (Year). Title." reference, or None for other shapes."""
    match = _AUTHOR_YEAR.fullmatch(text)
    return match if match and _names_only(match["authors"]) else None


def looks_like_references(block):
    items = block.items
    labelled = all(item.label is not None for item in items)
    return bool(items) and (labelled or all(_author_year(item.text) for item in items))


def is_references_heading(block):
    return block.kind != LIST and normal(block.text) in REFERENCE_HEADINGS


def take_references(blocks):
    """(number, item) for every reference listed, and the blocks without the reference lists."""
    entries, kept = [], []
    for index, block in enumerate(blocks):
        headed = index > 0 and is_references_heading(blocks[index - 1])
        if block.kind == LIST and (headed or looks_like_references(block)):
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


def propose_key(authors, year, taken=(), number=1):
    """
    The key an editor would choose: the first author's family name and the year (kim2021),
    or ref<number> without them; made unique among ``taken`` as kim2021, kim2021b, kim2021c…
    (keys end in a digit, so a suffixed one is no other key).
    """
    surname = slugify(_surname(authors or ""))[:SURNAME_MAX]
    key = f"{surname}{year}" if surname and year is not None else f"ref{number}"
    uses = 0
    while (candidate := f"{key}{citation_letter(uses)}" if uses else key) in taken:
        uses += 1
    return candidate


def read_list(text):
    """
    (number, item) for each line of a reference list typed or pasted as text: "[1] …" lines
    as numbered, other lines numbered by their place; blank lines are left out.
    """
    entries = []
    lines = [line for line in map(tidy, text.splitlines()) if line]
    for position, line in enumerate(lines, start=1):
        labelled = labelled_items(line)
        if labelled:
            entries.extend((item.label, item) for item in labelled)
        else:
            entries.append((position, Item(line)))
    return entries


def footnotes_of(entries, taken=()):
    """
    Footnotes from (number, item) entries, with keys unlike those ``taken``; a number given
    twice moves past the highest.
    """
    notes, numbers, highest, keys = [], set(), 0, set(taken)
    for number, item in entries:
        if number in numbers:
            number = highest + 1
        numbers.add(number)
        highest = max(highest, number)
        reference = _reference(item)
        key = propose_key(reference["authors"], reference["year"], keys, number)
        keys.add(key)
        notes.append({"key": key, "number": number, "citation": item.text, **reference})
    return notes


# Markers swallow the space before them: a note reference sits right after its word.
_NUMBER_MARKER = re.compile(r"\s*\[(\d{1,4})\]")
# Mentions start where a word starts, so that a long word is not scanned from each letter.
_MENTION = re.compile(
    r"(?<![\w'’-])(?P<mention>(?P<surname>[^\W\d_][\w'’-]*)"
    r"(?:\s+(?:and|&)\s+[^\W\d_][\w'’-]*)?(?:\s+et\s+al\.?)?"
    r"\s*\((?P<year>\d{4})\))(?P<marker>\[\^[\w-]+\])?"
)


class Citations:
    """Writes the references a page's text makes to its notes as ``[^key]`` markers."""

    def __init__(self, footnotes):
        self.keys_by_number = {note["number"]: note["key"] for note in footnotes}
        self.missing = []  # numbers of markers citing no note, in the order met
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
        if key:
            return f"[^{key}]"
        if not self.keys_by_number:
            return match[0]  # on a page listing no references, "[3]" is no citation
        self.missing.append(int(match[1]))
        return ""

    def _cite_mention(self, match):
        key = self.keys_by_author_year.get((match["surname"].casefold(), int(match["year"])))
        if key is None or match["marker"] == f"[^{key}]":
            return match[0]
        return f"{match['mention']}[^{key}]{match['marker'] or ''}"
