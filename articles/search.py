"""
Full-text search with the database's own engine: PostgreSQL full-text search, or
SQLite FTS5 on the embedded default. Never a LIKE scan.

Korean attaches particles to nouns (인공지능은, 인공지능의), which word tokenisers
keep as one word. Every run of Hangul is therefore indexed with its two-letter
pieces as well (인공 공지 지능 능은), and a Hangul word in a query becomes the
phrase of its pieces: 인공지능 finds 인공지능은, and two-letter words (정책) work too.

Queries use web-search syntax on both databases: words (all must match),
"quoted phrases", -excluded words and `or`. The parser below turns any input into
a safe query or into nothing; it never raises.
"""

import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection, transaction
from django.db.models import Case, F, FloatField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import mark_safe

HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]+")
_TOKEN = re.compile(r'(-?)"([^"]*)"|(\S+)')
_WORD = re.compile(r"\w+")
MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
CONFIG = "english"
FTS_TABLE = "articles_search"
# Weights of headline, dek and body: a headline match ranks above a body match.
WEIGHTS = (10.0, 4.0, 1.0)
# Matches ranked at most: the newest ones. Ranking reads every ranked article's index
# entry, so a bound keeps a common word as cheap in a large archive as in a small one.
RANKED = 200
# The search window: the newest articles, looked through first. A common word (or two words
# that come together) fills RANKED there; only a rarer search reads the whole index. They are
# marked (Article.in_search_window, kept by keep_window()), and PostgreSQL has an index of
# their words alone: with one index of every article, it would read all of a common word's
# matches in the archive before keeping the newest.
LOOK_BACK = 20 * RANKED


def bigrams(run):
    return [run[i : i + 2] for i in range(len(run) - 1)] or [run]


def indexable(text):
    """``text`` followed by the two-letter pieces of each of its Hangul runs."""
    pieces = [" ".join(bigrams(run)) for run in HANGUL.findall(text or "")]
    return " ".join([text or "", *pieces]).strip()


@dataclass
class Term:
    words: list  # one word, or the words of a phrase
    negated: bool = False

    def expanded(self):
        """The words as indexed: Hangul words become their two-letter pieces."""
        out = []
        for word in self.words:
            out.extend(bigrams(word) if HANGUL.fullmatch(word) else [word])
        return out


@dataclass
class Query:
    """Groups of alternatives: every group must match, any term of a group will do."""

    groups: list = field(default_factory=list)

    @property
    def is_empty(self):
        return not any(not term.negated for group in self.groups for term in group)

    @property
    def highlight_words(self):
        return [w for group in self.groups for t in group if not t.negated for w in t.words]

    def as_websearch(self):
        """For PostgreSQL's websearch_to_tsquery."""
        parts = []
        for group in self.groups:
            rendered = [
                ("-" if t.negated else "") + '"' + " ".join(t.expanded()) + '"' for t in group
            ]
            parts.append(" or ".join(rendered))
        return " ".join(parts)

    def as_fts5(self):
        """For SQLite FTS5's MATCH: positive groups joined by AND, then NOT each exclusion."""
        positive, negative = [], []
        for group in self.groups:
            if len(group) == 1 and group[0].negated:
                negative.append(_fts5_phrase(group[0]))
            else:
                alternatives = [_fts5_phrase(t) for t in group if not t.negated]
                positive.append("(" + " OR ".join(alternatives) + ")")
        expression = " AND ".join(positive)
        for phrase in negative:
            expression = f"({expression}) NOT {phrase}"
        return expression


def _fts5_phrase(term):
    return '"' + " ".join(term.expanded()).replace('"', '""') + '"'


def parse(text):
    """A Query from what a reader typed; an empty Query if nothing usable is left."""
    text = (text or "")[:MAX_QUERY_LENGTH]
    groups, join_next = [], False
    for match in _TOKEN.finditer(text):
        negated = bool(match.group(1))
        raw = match.group(2) if match.group(2) is not None else match.group(3)
        if match.group(3) is not None:
            negated = raw.startswith("-")
            if raw.lower() == "or":
                join_next = bool(groups)
                continue
        words = _WORD.findall(raw.casefold())
        if not words:
            continue
        term = Term(words[:MAX_TERMS], negated)
        if join_next and not negated and not any(t.negated for t in groups[-1]):
            groups[-1].append(term)
        else:
            groups.append([term])
        join_next = False
        if sum(len(g) for g in groups) >= MAX_TERMS:
            break
    return Query(groups)


# The index, kept current by Article.save() and Article.refresh_body().


def _fields(article):
    return [indexable(article.headline), indexable(article.dek), indexable(article.body_text)]


def _vector(article):
    headline, dek, body = (Value(text) for text in _fields(article))
    return (
        SearchVector(headline, config=CONFIG, weight="A")
        + SearchVector(dek, config=CONFIG, weight="B")
        + SearchVector(body, config=CONFIG, weight="C")
    )


def index(article):
    index_many([article])


def index_many(articles):
    """Put ``articles`` (saved, with their body_text) into the search index."""
    if not articles:
        return
    if connection.vendor == "postgresql":
        model = type(articles[0])
        for first in range(0, len(articles), 500):
            batch = articles[first : first + 500]
            vectors = [When(pk=article.pk, then=_vector(article)) for article in batch]
            model.objects.filter(pk__in=[a.pk for a in batch]).update(search_vector=Case(*vectors))
    elif connection.vendor == "sqlite":
        # The FTS5 table is not a model: its upkeep is the one place with SQL of its own.
        rows = [(article.pk, *_fields(article)) for article in articles]
        with connection.cursor() as cursor:
            cursor.executemany(
                f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [row[:1] for row in rows]
            )
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} (rowid, headline, dek, body) VALUES (%s, %s, %s, %s)",
                rows,
            )


def _tsquery(query):
    return SearchQuery(query.as_websearch(), search_type="websearch", config=CONFIG)


def only_matching(articles, query):
    """``articles`` that match ``query``, in their own order: for counting, or for the API."""
    if query.is_empty:
        return articles.none()
    if connection.vendor == "postgresql":
        return articles.filter(search_vector=_tsquery(query))
    # Without a join: SQLite then starts from the full-text index, not from every article.
    matched_ids = RawSQL(
        f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [query.as_fts5()]
    )
    return articles.filter(pk__in=matched_ids)


@dataclass
class Results:
    """The matches a search ranks, best first (annotated with ``rank``), and how many
    matched, counted up to RANKED + 1."""

    ranked: object
    found: int


def matching(articles, query):
    """
    The newest RANKED of ``articles`` that match ``query``, ranked: a search then costs
    the same in an archive of a thousand articles and of a million.
    """
    if query.is_empty:
        return Results(articles.none(), 0)
    newest = only_matching(articles, query).order_by("-published_at", "-pk")
    newest_ids = _newest_matches(newest)
    if connection.vendor == "postgresql":
        rank = SearchRank(F("search_vector"), _tsquery(query))
    else:
        rank = _bm25(articles.model, query)
    ranked = articles.filter(pk__in=newest_ids[:RANKED]).annotate(rank=rank)
    return Results(ranked.order_by("-rank", "-published_at", "-pk"), len(newest_ids))


def _newest_matches(newest):
    """
    The ids of the newest RANKED + 1 of the ``newest`` matches: from the search window
    when it holds that many, otherwise from the whole archive.
    """
    ids = newest.values_list("pk", flat=True)
    recent = list(ids.filter(in_search_window=True)[: RANKED + 1])
    return recent if len(recent) > RANKED else list(ids[: RANKED + 1])


def keep_window(model):
    """
    Mark the articles in the search window (and only those): the newest LOOK_BACK that
    readers see, and every scheduled one, which then enters it at its time with no write.
    Every article readers see that is newer than one in the window is in it too, so the
    window's newest matches are the archive's. For after a save of an article that is or
    was published (an editor's copy may hold an old mark), a deletion and a bulk load; a
    change of the newest articles marks a few rows, not the archive.
    """
    from .models import SiteVersion  # the models build on this module

    with transaction.atomic():
        # The row every change readers see writes: taken first, two changes at once move
        # the window one after the other, the later one seeing the earlier one's articles.
        list(SiteVersion.objects.select_for_update().filter(pk=1).values_list("pk"))
        mark_window(model)


def mark_window(model):
    """keep_window() without the lock: for a migration, which runs alone."""
    from .models.querysets import Status, published_q

    shown = model.objects.filter(published_q()).order_by("-published_at")
    # When the LOOK_BACK-th newest article readers see was published; None if there are fewer.
    oldest = next(
        iter(shown.values_list("published_at", flat=True)[LOOK_BACK - 1 : LOOK_BACK]), None
    )
    window = Q(status=Status.PUBLISHED)
    if oldest is not None:
        window &= Q(published_at__gte=oldest)
    model.objects.filter(window, in_search_window=False).update(in_search_window=True)
    model.objects.filter(~window, in_search_window=True).update(in_search_window=False)


def _bm25(model, query):
    """An article's bm25() for ``query``, negated: higher ranks first, as on PostgreSQL."""
    quote = connection.ops.quote_name
    article_id = f"{quote(model._meta.db_table)}.{quote(model._meta.pk.column)}"
    weights = ", ".join(str(w) for w in WEIGHTS)
    return RawSQL(
        f"SELECT -bm25({FTS_TABLE}, {weights}) FROM {FTS_TABLE} "
        f"WHERE {FTS_TABLE} MATCH %s AND rowid = {article_id}",
        [query.as_fts5()],
        output_field=FloatField(),
    )


def highlight(text, query, width=None):
    """
    ``text`` escaped, with the query's words marked; with ``width``, only the part
    around the first match (a snippet for result lists).
    """
    text = text or ""
    words = sorted({w for w in query.highlight_words if w}, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE) if words else None
    if width and len(text) > width:
        first = pattern.search(text) if pattern else None
        start = max(0, (first.start() if first else 0) - width // 3)
        end = min(len(text), start + width)
        # Whole words only: move the cuts to the nearest spaces inside the window.
        if start:
            start = text.find(" ", start, end) + 1 or start
        if end < len(text):
            end = text.rfind(" ", start, end) if " " in text[start:end] else end
        text = ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")
    if not pattern:
        return escape(text)
    pieces, last = [], 0
    for match in pattern.finditer(text):
        pieces += [escape(text[last : match.start()]), "<mark>", escape(match.group()), "</mark>"]
        last = match.end()
    pieces.append(escape(text[last:]))
    return mark_safe("".join(pieces))
