"""
A reference list pasted into the article form ("[1] Kim, J. (2021). Title. Retrieved from …"):
read by the importer's reference parser, saved as footnotes after the article's own, with keys
unlike theirs, and the "[1]" markers of its sections turned into citations of them.
"""

import re

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from . import editorial_checks, footnotes
from .importers import references
from .models import Footnote

FIELDS = ["authors", "year", "title", "url"]
_TAG = re.compile(r"(<[^>]*>)")


def read(text):
    """
    The list's (number, item) entries, none for an empty box; a ValidationError names each
    reference no footnote can be made of, and why.
    """
    entries = references.read_list(text or "")
    problems = []
    for note in references.footnotes_of(entries):
        try:
            Footnote(key=note["key"], **_fields(note)).full_clean(exclude=["article", "order"])
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                problems.extend(
                    _("Reference %(number)d (“%(start)s”), %(field)s: %(problem)s")
                    % {
                        "number": note["number"],
                        "start": Truncator(note["citation"]).chars(40),
                        "field": Footnote._meta.get_field(name).verbose_name,
                        "problem": message,
                    }
                    for message in messages
                )
    if problems:
        raise ValidationError(problems)
    return entries


def keys(entries, taken):
    """The keys the entries' footnotes will have in an article whose footnotes have ``taken``."""
    return [note["key"] for note in references.footnotes_of(entries, taken)]


def missing_references(entries, index, heading, body):
    """What is wrong with the "[n]" a section's body cites that the list does not give."""
    citations = references.Citations(references.footnotes_of(entries))
    cite(body, citations)
    return [
        _(
            "%(section)s cites [%(number)d], but the pasted reference list has no reference "
            "%(number)d."
        )
        % {"section": editorial_checks.section_name(index, heading), "number": number}
        for number in dict.fromkeys(citations.missing)
    ]


def cite(html, citations):
    """``html`` with the markers of its text, never of its tags, rewritten by ``citations``."""
    return "".join(
        part if _TAG.fullmatch(part) else citations(part) for part in _TAG.split(html or "")
    )


def add_to(article, entries):
    """
    Saves the entries' footnotes after the article's and cites them where its sections have
    "[n]"; returns how many footnotes and citations that made.
    """
    if not entries:
        return 0, 0
    notes = references.footnotes_of(entries, set(article.footnotes.values_list("key", flat=True)))
    last = article.footnotes.aggregate(last=Max("order"))["last"]
    start = 0 if last is None else last + 1
    for offset, note in enumerate(notes):
        Footnote(article=article, key=note["key"], order=start + offset, **_fields(note)).save()
    citations = references.Citations(notes)
    made = 0
    for section in article.sections.all():
        body = cite(section.body, citations)
        if body != section.body:
            made += len(footnotes.cited_keys(body)) - len(footnotes.cited_keys(section.body))
            section.body = body
            section.save()
    return len(notes), made


def _fields(note):
    return {name: note[name] for name in FIELDS}
