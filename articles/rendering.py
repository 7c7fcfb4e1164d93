"""
The body readers see, rendered once when an article or one of its parts is saved.

Sections and footnotes go through footnote numbering and the section and notes
templates, in the article's language. Page views only read the stored result.
"""

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext

from . import footnotes


def render_body(article):
    """(body_html, notes_html) for the article's current sections and footnotes."""
    sections = list(article.sections.all())
    notes = list(article.footnotes.all())
    with translation.override(article.language):
        numbering = footnotes.number_notes(
            [section.body for section in sections], notes, label=gettext("Note {number}")
        )
        body_html = render_to_string(
            "includes/sections.html",
            {"sections": zip(sections, numbering.bodies, strict=True)},
        )
        notes_html = (
            render_to_string("includes/notes.html", {"notes": numbering.notes})
            if numbering.notes
            else ""
        )
    return body_html.strip(), notes_html.strip()
