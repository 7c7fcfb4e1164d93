"""
Bylines as each language writes them: "By Kim Min-seo and Lee Jun-ho" in English,
"김민서·이준호 기자" in Korean, with the role an author carries ("이준호 특파원").

Every word and separator is a translatable pattern (locale/<language>), so a language
says in its catalogue where names go and how they are joined. Consecutive authors with
the same role share it: "김민서·박서연 기자, 이준호 특파원".
"""

import itertools

from django.utils.translation import npgettext_lazy, override, pgettext

NAMES = "%(names)s"

# Where the names of a run of authors sharing a role go; "count" picks the plural.
ROLE_PATTERNS = {
    "reporter": npgettext_lazy("byline: reporters", "%(names)s", "%(names)s", "count"),
    "correspondent": npgettext_lazy(
        "byline: correspondents", "%(names)s, correspondent", "%(names)s, correspondents", "count"
    ),
    "editorial_writer": npgettext_lazy(
        "byline: editorial writers",
        "%(names)s, editorial writer",
        "%(names)s, editorial writers",
        "count",
    ),
    "columnist": npgettext_lazy(
        "byline: columnists", "%(names)s, columnist", "%(names)s, columnists", "count"
    ),
    "contributor": npgettext_lazy("byline: contributors", "%(names)s", "%(names)s", "count"),
}


def parts(authors, language):
    """
    The byline of ``authors`` (each with a ``name`` and a ``role``) in ``language``, in
    reading order: a list of (text, None) and (name, author) pairs; empty without authors.
    """
    if not authors:
        return []
    with override(language):
        runs = [list(run) for _role, run in itertools.groupby(authors, key=lambda a: a.role)]
        pieces = []
        for number, run in enumerate(runs):
            if number:
                pieces.append(pgettext("byline: between roles", "; "))
            pattern = ROLE_PATTERNS[run[0].role] % {"count": len(run), "names": NAMES}
            pieces += _around(pattern, _names(run))
        whole = pgettext("byline: the whole", "By %(names)s")
        return [
            (piece, None) if isinstance(piece, str) else (piece.name, piece)
            for piece in _around(whole, pieces)
            if piece != ""
        ]


def text(authors, language):
    """The byline as plain text: "By Kim Min-seo and Lee Jun-ho", "김민서·이준호 기자"."""
    return "".join(piece for piece, _author in parts(authors, language))


def _names(run):
    pieces = [run[0]]
    for number, author in enumerate(run[1:], start=2):
        if number == len(run):
            pieces.append(pgettext("byline: before the last name", " and "))
        else:
            pieces.append(pgettext("byline: between names", ", "))
        pieces.append(author)
    return pieces


def _around(pattern, inner):
    before, _names, after = pattern.partition(NAMES)
    return [before, *inner, after]
