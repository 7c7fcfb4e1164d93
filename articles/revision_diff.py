"""
What an article says at one revision, as the texts an editor reads (section bodies as text,
never HTML), and the word-level differences between two such readings.

A reading is built from plain values: a revision's field dictionaries (django-reversion) or
the rows as stored now, so a conflicting save and the history compare the same things.
"""

import dataclasses
import difflib
import html
import re

from django.utils.html import strip_tags
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from reversion.models import Version

from .models import Article, Footnote, Section

# A picture's words are the picture's (articles/pictures.py), changed in the library.
ARTICLE_FIELDS = ["headline", "slug", "dek", "status"]
# The article form's fields whose stored value is the text itself.
PLAIN_TEXT_FIELDS = [name for name in ARTICLE_FIELDS if name != "status"]
SECTION_FIELDS = ["heading", "body"]
FOOTNOTE_FIELDS = ["key", "authors", "year", "title", "container", "url", "note"]
# Unchanged runs longer than this many words are shortened to their ends.
CONTEXT_WORDS = 12

BLOCK_END = re.compile(r"</(p|li|h[1-6]|blockquote)>|<br\s*/?>", re.IGNORECASE)
TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


def as_text(html_text):
    """Sanitised rich text as an editor reads it: paragraphs on their own lines, no tags."""
    text = html.unescape(strip_tags(BLOCK_END.sub("\n", html_text or "")))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


@dataclasses.dataclass(frozen=True)
class Reading:
    """An article's texts, in form order: {key: (label, text)}."""

    texts: dict

    def label(self, key):
        return self.texts[key][0]

    def text(self, key):
        return self.texts.get(key, ("", ""))[1]


def _label(model, name):
    return capfirst(str(model._meta.get_field(name).verbose_name))


def _value(model, name, value):
    if value is None:
        return ""
    if name == "status":
        return str(dict(Article.Status.choices).get(value, value))
    if model is Section and name == "body":
        return as_text(value)
    return str(value)


def reading(article, sections, footnotes):
    """``article``: a dict of its fields; ``sections``, ``footnotes``: dicts with an ``id``."""
    texts = {
        name: (_label(Article, name), _value(Article, name, article.get(name)))
        for name in ARTICLE_FIELDS
    }
    parts = [
        (Section, "section", SECTION_FIELDS, sections),
        (Footnote, "footnote", FOOTNOTE_FIELDS, footnotes),
    ]
    for model, place, names, rows in parts:
        for number, row in enumerate(sorted(rows, key=lambda row: row.get("order", 0)), 1):
            for name in names:
                label = _("%(part)s %(number)d: %(field)s") % {
                    "part": capfirst(str(model._meta.verbose_name)),
                    "number": number,
                    "field": str(model._meta.get_field(name).verbose_name),
                }
                texts[f"{place}-{row['id']}-{name}"] = (label, _value(model, name, row.get(name)))
    return Reading(texts)


def stored_reading(article_pk):
    """The article as its rows are stored now."""
    article = Article.objects.values(*ARTICLE_FIELDS).get(pk=article_pk)
    sections = Section.objects.filter(article_id=article_pk).values("id", "order", *SECTION_FIELDS)
    footnotes = Footnote.objects.filter(article_id=article_pk).values(
        "id", "order", *FOOTNOTE_FIELDS
    )
    return reading(article, list(sections), list(footnotes))


def revision_reading(version):
    """The article as ``version`` (one of its reversion versions) recorded it."""
    rows = {Section: [], Footnote: []}
    for part in version.revision.version_set.all():
        model = part._model
        if model in rows:
            rows[model].append({"id": int(part.object_id), **part.field_dict})
    return reading(version.field_dict, rows[Section], rows[Footnote])


def version_with_lock(article, lock_version):
    """The revision of ``article`` saved at ``lock_version``: what a form opened then showed."""
    for version in Version.objects.get_for_object(article).iterator():
        if version.field_dict.get("lock_version") == lock_version:
            return version
    return None


@dataclasses.dataclass(frozen=True)
class Change:
    key: str
    label: str
    before: str
    after: str

    def words(self):
        return word_diff(self.before, self.after)


def changes(before, after):
    """What differs from reading ``before`` to reading ``after``, in ``after``'s order."""
    keys = list(after.texts) + [key for key in before.texts if key not in after.texts]
    found = []
    for key in keys:
        old, new = before.text(key), after.text(key)
        if old != new:
            label = after.label(key) if key in after.texts else before.label(key)
            found.append(Change(key, label, old, new))
    return found


def word_diff(before, after):
    """``[(op, text)]`` with op "same", "removed" or "added", word by word."""
    old, new = TOKEN.findall(before), TOKEN.findall(after)
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    pieces = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(("same", _shortened(old[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(("removed", "".join(old[i1:i2])))
        if j2 > j1:
            pieces.append(("added", "".join(new[j1:j2])))
    return pieces


def _shortened(tokens):
    words = [i for i, token in enumerate(tokens) if not token.isspace()]
    if len(words) <= 2 * CONTEXT_WORDS:
        return "".join(tokens)
    head = "".join(tokens[: words[CONTEXT_WORDS]])
    tail = "".join(tokens[words[-CONTEXT_WORDS] :])
    return f"{head}… {tail}"


# Before the first save: every text is new.
EMPTY = Reading({})
