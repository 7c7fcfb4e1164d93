"""
Footnote numbering: pure functions over section bodies and notes.

An editor cites a note by writing the marker ``[^key]`` in a section body.
Notes are numbered by their first citation across the sections in order; a
note cited again keeps its number; notes never cited follow in their stored
order. Markers citing unknown keys stay as plain text, and so does what only
looks like a marker (``bad_markers`` finds both before a save lets them through).
No queries, no request: everything here can be exercised with plain strings.
"""

import itertools
import re
from dataclasses import dataclass, field
from html import escape, unescape

MARKER = re.compile(r"\[\^([\w-]+)\]")
# Bodies are sanitised before numbering, so attribute values hold no raw "<" or ">"
# and this pattern sees every tag whole: markers inside tags are never touched.
_TAG_OR_MARKER = re.compile(r"(<[^>]*>)|\[\^([\w-]+)\]")
_ANCHOR_OPEN = re.compile(r"<a[\s>]", re.IGNORECASE)
_ANCHOR_CLOSE = re.compile(r"</a\s*>", re.IGNORECASE)
_TAG = re.compile(r"(<[^>]*>)")
_OPENING = re.compile(r"\[\^")
_BRACKETED = re.compile(r"\[\^([^\[\]]{0,60})\]")
# An unclosed marker is shown as far as the word after the one it opens with: "[^kim 2021".
_UNCLOSED = re.compile(r"\[\^[^\s\[\]]*(?:\s+[^\s\[\]]+)?")

EMPTY, NOT_A_KEY, UNCLOSED, IN_LINK = "empty", "not a key", "unclosed", "in a link"
SPLIT = "split by formatting"


@dataclass
class NumberedNote:
    number: int
    key: str
    note: object
    citations: list = field(default_factory=list)  # ids of the places citing the note

    @property
    def backlinks(self):
        """(id, label) pairs; labels are a, b, c… when the note is cited more than once."""
        if len(self.citations) == 1:
            return [(self.citations[0], "")]
        return [(anchor, citation_letter(i)) for i, anchor in enumerate(self.citations)]


@dataclass
class Numbering:
    bodies: list
    notes: list


def citation_letter(index):
    """0 → a, 25 → z, 26 → aa: labels that never run out."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("a") + remainder) + letters
    return letters


def cited_keys(html):
    """Every key cited in a body, in order, repeats and unknown keys included."""
    return [m.group(2) for m in _TAG_OR_MARKER.finditer(html or "") if m.group(2)]


@dataclass(frozen=True)
class BadMarker:
    text: str  # as the editor wrote it
    problem: str  # EMPTY, NOT_A_KEY, UNCLOSED, IN_LINK or SPLIT


def bad_markers(html):
    """
    What opens like a marker in a body but would reach readers as literal text: "[^]",
    "[^Kim 2021]", "[^kim 2021" without its bracket, a marker inside a link, or one whose
    "[" and "^" formatting keeps apart ("[<strong>^kim</strong>]").
    """
    found = []
    inside_link = 0
    parts = _TAG.split(html or "")
    found += _split_openings([part for part in parts if not _TAG.fullmatch(part)])
    for part in parts:
        if _TAG.fullmatch(part):
            if _ANCHOR_OPEN.match(part):
                inside_link += 1
            elif _ANCHOR_CLOSE.match(part):
                inside_link = max(inside_link - 1, 0)
            continue
        for opening in _OPENING.finditer(part):
            start = opening.start()
            if marker := MARKER.match(part, start):
                if inside_link:
                    found.append(BadMarker(marker[0], IN_LINK))
            elif bracketed := _BRACKETED.match(part, start):
                problem = NOT_A_KEY if unescape(bracketed[1]).strip() else EMPTY
                found.append(BadMarker(_as_read(bracketed[0]), problem))
            else:
                written = _as_read(_UNCLOSED.match(part, start)[0]).rstrip(".,;:!?")
                found.append(BadMarker(written, UNCLOSED))
    return found


def _split_openings(texts):
    """Openings "[^" readers would read across two of the ``texts`` between tags."""
    read = "".join(texts)
    ends = set(itertools.accumulate(len(text) for text in texts))
    return [
        BadMarker(
            _as_read((_BRACKETED.match(read, start) or _UNCLOSED.match(read, start))[0]), SPLIT
        )
        for start in (opening.start() for opening in _OPENING.finditer(read))
        if start + 1 in ends
    ]


def _as_read(html_text):
    return " ".join(unescape(html_text).split())


def note_anchor(number):
    return f"note-{number}"


def citation_anchor(number, occurrence):
    return f"cite-{number}" if occurrence == 1 else f"cite-{number}-{occurrence}"


def noteref_html(number, occurrence, label):
    return (
        f'<sup class="noteref"><a href="#{note_anchor(number)}" '
        f'id="{citation_anchor(number, occurrence)}" role="doc-noteref" '
        f'aria-label="{escape(label)}">{number}</a></sup>'
    )


def number_notes(bodies, notes, key=lambda note: note.key, label="Note {number}"):
    """
    Number ``notes`` by first citation in ``bodies`` and replace each marker
    by a note reference. ``label`` gives each reference its accessible name.
    """
    by_key = {}
    for note in notes:
        by_key.setdefault(key(note), note)
    numbered = {}

    def cite(note_key):
        entry = numbered.get(note_key)
        if entry is None:
            entry = numbered[note_key] = NumberedNote(len(numbered) + 1, note_key, by_key[note_key])
        occurrence = len(entry.citations) + 1
        entry.citations.append(citation_anchor(entry.number, occurrence))
        return noteref_html(entry.number, occurrence, label.format(number=entry.number))

    rendered = []
    for body in bodies:
        inside_link = 0

        def replace(match):
            nonlocal inside_link
            tag, note_key = match.groups()
            if tag:
                if _ANCHOR_OPEN.match(tag):
                    inside_link += 1
                elif _ANCHOR_CLOSE.match(tag):
                    inside_link = max(inside_link - 1, 0)
                return tag
            # A link cannot hold another link, and unknown keys are left as written.
            if inside_link or note_key not in by_key:
                return match.group(0)
            return cite(note_key)

        rendered.append(_TAG_OR_MARKER.sub(replace, body or ""))

    for note_key, note in by_key.items():
        if note_key not in numbered:
            numbered[note_key] = NumberedNote(len(numbered) + 1, note_key, note)
    return Numbering(bodies=rendered, notes=list(numbered.values()))
