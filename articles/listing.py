"""
Pages of a list of articles at the same cost whatever the size of the archive.

Newest-first lists (home, language fronts, kind, tag and author pages) page by the
article they continue from: ``?before=123`` lists the articles that come after article
123 in ``for_listing()``'s order (by ``published_at``, then id), found through the
visibility index, with no count. Such a page keeps its content when new articles are
published, and there is one address per article, so nobody can make up pages by the
thousand.

Ranked lists (search results) are numbered, within a bounded number of matches.

A page asked for in another form is redirected (301) to its one address, and a page no
link leads to is a 404: ``?page=N`` from before keyset pages, ``?page=01``, an unknown
or unpublished article, a page past the end.
"""

from dataclasses import dataclass

from django.http import Http404
from django.utils.http import urlencode

BEFORE = "before"
PAGE = "page"
# The old numbered pages still found through their number (an OFFSET, paid once per
# address, since the answer is a permanent redirect); deeper ones are 404s.
LEGACY_PAGE_LIMIT = 1000


class Moved(Exception):
    """The page asked for has another address: ``query``, a query string or ''."""

    def __init__(self, query):
        super().__init__(query)
        self.query = query


@dataclass
class Page:
    object_list: list
    next_query: str | None = None  # older stories, or more matches; None: the last page
    previous_query: str | None = None  # None: the first page
    number: int | None = None  # numbered pages only

    @property
    def has_other_pages(self):
        return self.next_query is not None or self.previous_query is not None


def _query(position, kept=None):
    """The query string of a page: its position, after the parameters the list keeps."""
    given = {**(kept or {}), **position}
    return "?" + urlencode(given) if given else ""


def _whole_number(text, low=1):
    """``text`` as a whole number of at least ``low``; Moved to its plain spelling; else 404."""
    if not text.isascii() or not text.isdigit() or int(text) < low:
        raise Http404("Not a page.")
    return int(text)


def newest_first(query, articles, per_page):
    """The page of ``articles`` (a ``for_listing()`` queryset) that ``query`` asks for."""
    if PAGE in query:
        raise Moved(_query(_legacy_position(query[PAGE], articles, per_page)))
    if BEFORE not in query:
        rows = list(articles[: per_page + 1])
        return _keyset_page(rows, per_page, previous_query=None)
    text = query[BEFORE]
    pk = _whole_number(text)
    if str(pk) != text:
        raise Moved(_query({BEFORE: pk}))
    cursor = articles.model.objects.published().filter(pk=pk).values_list("published_at", "pk")
    if not (cursor := cursor.first()):
        raise Http404("No such article.")
    rows = list(articles.after(*cursor)[: per_page + 1])
    if not rows:
        raise Http404("No page here.")
    newer = articles.prefetch_related(None).before(*cursor).reverse().values_list("pk", flat=True)
    newer = newer[per_page - 1 : per_page].first()
    return _keyset_page(rows, per_page, _query({BEFORE: newer} if newer else {}))


def _keyset_page(rows, per_page, previous_query):
    older = _query({BEFORE: rows[per_page - 1].pk}) if len(rows) > per_page else None
    return Page(rows[:per_page], next_query=older, previous_query=previous_query)


def _legacy_position(text, articles, per_page):
    number = _whole_number(text)
    if number == 1:
        return {}
    if number > LEGACY_PAGE_LIMIT:
        raise Http404("No page here.")
    offset = (number - 1) * per_page - 1
    last_before = articles.prefetch_related(None).values_list("pk", flat=True)[offset : offset + 1]
    if not (pk := last_before.first()):
        raise Http404("No page here.")
    return {BEFORE: pk}


def numbered(query, ranked, per_page, limit, kept):
    """The ``?page=N`` page of ``ranked``, whose first ``limit`` rows are shown at most."""
    number = 1
    if PAGE in query:
        number = _whole_number(query[PAGE])
        if str(number) != query[PAGE] or number == 1:
            raise Moved(_query({PAGE: number} if number > 1 else {}, kept))
    start = (number - 1) * per_page
    if start >= limit:
        raise Http404("No page here.")
    rows = list(ranked[start : min(start + per_page + 1, limit)])
    if not rows and number > 1:
        raise Http404("No page here.")
    return Page(
        rows[:per_page],
        next_query=_query({PAGE: number + 1}, kept) if len(rows) > per_page else None,
        previous_query=None
        if number == 1
        else _query({PAGE: number - 1} if number > 2 else {}, kept),
        number=number,
    )
