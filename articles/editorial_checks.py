"""
Mistakes an editor should hear about before readers see them.

``review`` takes the plain texts of an article and its pictures (no queries) and
returns findings: errors refuse the save, warnings are shown after it. The
admin feeds it the submitted forms; importers and tests can feed it anything.
"""

import re
from dataclasses import dataclass, field
from html import unescape

from django.utils.translation import gettext as _

from . import footnotes

ERROR, WARNING = "error", "warning"

_PARAGRAPH = re.compile(r"<(p|li|blockquote|h3|h4)\b[^>]*>(.*?)</\1>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Finding:
    level: str
    place: str  # "section", "footnote" or "article"
    index: int | None  # position among the sections or footnotes
    field: str
    message: str


@dataclass
class ArticleText:
    headline: str = ""
    dek: str = ""
    lead_picture: object = None  # a pictures.Picture, or anything with caption and needs_alt
    publishing: bool = False
    sections: list = field(default_factory=list)  # (heading, body) pairs in order
    figures: list = field(default_factory=list)  # a picture or None per section
    footnote_keys: list = field(default_factory=list)  # in stored order


def as_read(text):
    """Text without markup, spaces tidied, as the editor wrote it (for quoting)."""
    return " ".join(unescape(_TAG.sub(" ", text or "")).split())


def normalised(text):
    """Text as compared: without markup, spaces or case."""
    return as_read(text).casefold()


def paragraphs(body, compare=normalised):
    """Each paragraph, list item, quote or subhead of ``body``, as compared (or as read)."""
    return [compare(match.group(2)) for match in _PARAGRAPH.finditer(body or "")]


def section_name(index, heading):
    if heading:
        return _("Section %(number)d (“%(heading)s”)") % {"number": index + 1, "heading": heading}
    return _("Section %(number)d") % {"number": index + 1}


def bad_marker_message(bad, section, keys):
    """What is wrong with a marker, in an editor's words, with a key of the article as example."""
    example = f"[^{keys[0] if keys else 'kim2021'}]"
    values = {"section": section, "text": bad.text, "example": example}
    if bad.problem == footnotes.EMPTY:
        message = _(
            "%(section)s: “%(text)s” has no key. Write the footnote's key between the brackets, "
            "like %(example)s, or choose the footnote with the editor's footnote button."
        )
    elif bad.problem == footnotes.UNCLOSED:
        message = _(
            "%(section)s: “%(text)s” has no closing bracket. A citation is written like "
            "%(example)s."
        )
    elif bad.problem == footnotes.SPLIT:
        message = _(
            "%(section)s: “%(text)s” has formatting inside it (bold, italics or a link), so "
            "readers would see it as text. Write it again without formatting, like %(example)s."
        )
    elif bad.problem == footnotes.IN_LINK:
        message = _(
            "%(section)s: the citation “%(text)s” is inside a link, where readers would see it "
            "as text. Move it after the link."
        )
    else:
        message = _(
            "%(section)s: “%(text)s” is not a footnote key: keys are letters, digits and "
            "hyphens, like %(example)s."
        )
    return message % values


def review(text):
    findings = []

    def add(level, place, index, field_name, message):
        findings.append(Finding(level, place, index, field_name, message))

    known = set()
    for index, key in enumerate(text.footnote_keys):
        if key in known:
            add(
                ERROR,
                "footnote",
                index,
                "key",
                _("Footnote %(number)d: another footnote already has the key “%(key)s”.")
                % {"number": index + 1, "key": key},
            )
        known.add(key)

    cited = set()
    headings = {}
    headline = normalised(text.headline)
    dek = normalised(text.dek)
    previous_paragraph = None
    first_paragraph = True
    for index, (heading, body) in enumerate(text.sections):
        name = section_name(index, heading)
        for key in dict.fromkeys(footnotes.cited_keys(body)):
            cited.add(key)
            if key not in known:
                add(
                    ERROR,
                    "section",
                    index,
                    "body",
                    _("%(section)s cites [^%(key)s], but no footnote has the key “%(key)s”.")
                    % {"section": name, "key": key},
                )
        for bad in footnotes.bad_markers(body):
            add(ERROR, "section", index, "body", bad_marker_message(bad, name, text.footnote_keys))
        title = normalised(heading)
        if title and title == headline:
            add(
                WARNING,
                "section",
                index,
                "heading",
                _("%(section)s: the heading repeats the headline.") % {"section": name},
            )
        elif title and title == dek and not any(headings):
            add(
                WARNING,
                "section",
                index,
                "heading",
                _("%(section)s: the heading repeats the dek; readers would see it twice.")
                % {"section": name},
            )
        elif title and title in headings:
            add(
                WARNING,
                "section",
                index,
                "heading",
                _("%(section)s: the heading repeats the heading of section %(other)d.")
                % {"section": name, "other": headings[title] + 1},
            )
        headings.setdefault(title, index)
        for paragraph, written in zip(paragraphs(body), paragraphs(body, as_read), strict=True):
            if paragraph and paragraph == previous_paragraph:
                add(
                    WARNING,
                    "section",
                    index,
                    "body",
                    _("%(section)s: the same paragraph appears twice in a row: “%(start)s…”")
                    % {"section": name, "start": written[:60]},
                )
            elif paragraph and paragraph == headline:
                add(
                    WARNING,
                    "section",
                    index,
                    "body",
                    _("%(section)s: a paragraph repeats the headline.") % {"section": name},
                )
            elif paragraph and first_paragraph and paragraph == dek:
                add(
                    WARNING,
                    "section",
                    index,
                    "body",
                    _(
                        "%(section)s: the first paragraph repeats the dek; readers would see "
                        "it twice."
                    )
                    % {"section": name},
                )
            previous_paragraph = paragraph
            first_paragraph = first_paragraph and not paragraph

    for index, key in enumerate(dict.fromkeys(text.footnote_keys)):
        if key not in cited:
            add(
                WARNING,
                "footnote",
                index,
                "key",
                _("Footnote “%(key)s” is never cited: write [^%(key)s] where it belongs.")
                % {"key": key},
            )

    headings = [heading for heading, _body in text.sections]
    for index, figure in enumerate(text.figures):
        if text.publishing and figure is not None and figure.needs_alt:
            name = section_name(index, headings[index] if index < len(headings) else "")
            add(
                ERROR,
                "section",
                index,
                "figure",
                _(
                    "%(section)s: write alt text for the figure before publishing, or mark it "
                    "decorative."
                )
                % {"section": name},
            )

    lead = text.lead_picture
    if lead is not None and lead.caption and normalised(lead.caption) == normalised(text.dek):
        add(
            WARNING,
            "article",
            None,
            "lead_picture",
            _("The lead image caption repeats the dek; readers will see it only once."),
        )
    if text.publishing and lead is not None and lead.needs_alt:
        add(
            ERROR,
            "article",
            None,
            "lead_picture",
            _("Write alt text for the lead image before publishing, or mark it decorative."),
        )
    return findings
