"""
The body readers see, rendered once when an article or one of its parts is saved.

Sections and footnotes go through footnote numbering and the section and notes
templates, corrections as notices, in the article's language. Page views only
read the stored result: the body, the notes list, the corrections, the plain text
(for search and snippets) and the numbered citations (for structured data).
"""

import re
from dataclasses import dataclass
from html import unescape

from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.html import escape, strip_tags
from django.utils.translation import gettext

from . import footnotes


@dataclass(frozen=True)
class RenderedBody:
    body_html: str
    notes_html: str
    corrections_shown: list
    body_text: str
    citations: list


def numbered(article, sections, notes):
    """The footnote numbering of ``sections``, references labelled in the article's language."""
    with translation.override(article.language):
        return footnotes.number_notes(
            [section.body for section in sections], notes, label=gettext("Note {number}")
        )


def render_body(article, sections=None, notes=None, corrections=None):
    """The stored parts of ``article``; its parts default to its rows."""
    sections = list(article.sections.select_related("figure")) if sections is None else sections
    notes = list(article.footnotes.all()) if notes is None else notes
    corrections = list(article.corrections.all()) if corrections is None else corrections
    numbering = numbered(article, sections, notes)
    with translation.override(article.language):
        body_html = render_to_string(
            "includes/sections.html",
            {"sections": zip(sections, map(scrollable_tables, numbering.bodies), strict=True)},
        )
        notes_html = (
            render_to_string("includes/notes.html", {"notes": numbering.notes})
            if numbering.notes
            else ""
        )
        corrections_shown = [notice(correction) for correction in corrections]
    return RenderedBody(
        body_html=body_html.strip(),
        notes_html=notes_html.strip(),
        corrections_shown=corrections_shown,
        body_text=plain_text(sections),
        citations=[citation(entry) for entry in numbering.notes],
    )


# Sanitised bodies: a table's tag has no attributes, and a caption is its first child.
_TABLE_START = re.compile(r"<table>(<caption>(.*?)</caption>)?", re.DOTALL)


def scrollable_tables(html):
    """
    Each table in a region of its own that scrolls sideways on a narrow screen, named for
    its caption and focusable, so that keyboard users can scroll it too (WCAG 2.1.1).
    """

    def region(match):
        label = " ".join(unescape(strip_tags(match[2] or "")).split()) or gettext("Table")
        return (
            f'<div class="table-scroll" role="region" tabindex="0" aria-label="{escape(label)}">'
            + match[0]
        )

    return _TABLE_START.sub(region, html).replace("</table>", "</table></div>")


def plain_text(sections):
    """The sections' words without markup or citation markers, for search and snippets."""
    parts = []
    for section in sections:
        parts += [section.heading, strip_tags(footnotes.MARKER.sub("", section.body))]
    return unescape(" ".join(" ".join(parts).split()))


def notice(correction):
    """A correction as readers read it, in the language of the moment."""
    return {
        "kind": str(correction.get_kind_display()),
        "text": correction.text,
        "date": timezone.localtime(correction.created_at).isoformat(),
        "date_text": formats.date_format(timezone.localtime(correction.created_at), "DATE_FORMAT"),
    }


def citation(entry):
    note = entry.note
    return {
        "number": entry.number,
        "authors": note.authors,
        "year": note.year,
        "title": note.title,
        "container": note.container,
        "url": note.url,
    }
