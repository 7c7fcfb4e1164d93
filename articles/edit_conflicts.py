"""
A save refused because someone else saved the article in between: which fields they changed
since the version this form was opened on, their value beside the editor's, and the fields
the editor had not touched, which take the other person's value so saving again keeps it.
"""

import dataclasses

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from . import revision_diff

# The inline rows' form prefixes on the article's page, and the fields read from them.
POSTED_PARTS = {
    "sections": ("section", revision_diff.SECTION_FIELDS),
    "footnotes": ("footnote", revision_diff.FOOTNOTE_FIELDS),
}

BOTH = "both"  # they and you changed it: yours stays in the form, theirs beside it
TAKEN = "taken"  # only they changed it: the form now holds theirs
THEIRS = "theirs"  # not in this form (a row they added, a field you may not edit): kept


@dataclasses.dataclass(frozen=True)
class Conflict:
    change: revision_diff.Change
    yours: str
    outcome: str

    @property
    def key(self):
        return self.change.key

    @property
    def theirs(self):
        return self.change.after


def posted_reading(form, stored):
    """The article as this form would save it: its fields, then the inline rows posted with it."""
    article = {name: stored.text(name) for name in revision_diff.PLAIN_TEXT_FIELDS}
    article["status"] = form.instance.status
    article.update(
        {n: form.cleaned_data[n] for n in revision_diff.ARTICLE_FIELDS if n in form.cleaned_data}
    )
    rows = {}
    for prefix, (place, names) in POSTED_PARTS.items():
        data = form.data
        rows[place] = []
        for index in range(_count(data.get(f"{prefix}-TOTAL_FORMS"))):
            row_id = _count(data.get(f"{prefix}-{index}-id"))
            if row_id and not data.get(f"{prefix}-{index}-DELETE"):
                row = {name: data.get(f"{prefix}-{index}-{name}", "") for name in names}
                rows[place].append({"id": row_id, "order": index, **row})
    return revision_diff.reading(article, rows["section"], rows["footnote"])


def _count(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def conflicts(loaded, stored, yours):
    """What changed from ``loaded`` to ``stored`` and where ``yours`` differs from it."""
    found = []
    for change in revision_diff.changes(loaded, stored):
        if change.key not in yours.texts:
            found.append(Conflict(change, "", THEIRS))
        elif (mine := yours.text(change.key)) == change.before:
            found.append(Conflict(change, mine, TAKEN))
        elif mine != change.after:
            found.append(Conflict(change, mine, BOTH))
    return found


def field_message(conflict, who):
    """Shown above an article field the other person changed."""
    if conflict.outcome == TAKEN:
        return _(
            "%(who)s changed this while you were editing, and you had not: the form now holds "
            "their version. Before it was: “%(before)s”"
        ) % {"who": who, "before": conflict.change.before}
    return _(
        "%(who)s changed this too. Theirs: “%(theirs)s”. Yours, still in the form: "
        "“%(yours)s”. Saving again keeps yours."
    ) % {"who": who, "theirs": conflict.theirs, "yours": conflict.yours}


def summary(conflicts_found, who):
    """The comparison shown at the top of the refused form, for every field they changed."""
    return render_to_string(
        "admin/articles/includes/edit_conflict.html",
        {
            "who": who,
            "conflicts": [
                {
                    "label": c.change.label,
                    "outcome": c.outcome,
                    "theirs": c.theirs,
                    "yours": c.yours,
                    "words": revision_diff.word_diff(c.yours, c.theirs),
                }
                for c in conflicts_found
            ],
        },
    )
