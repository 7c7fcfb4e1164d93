"""
What the extraction libraries read on a real web page: where its article text
is, and what the page declares about itself.

trafilatura finds the main text (scoring blocks by text and link density and by
class and id hints, leaving out comments, share bars and recirculation) and the
author; htmldate finds a date the page's markup gives. The page's own JSON-LD
and OpenGraph tags come first where they say more (times with their zone, the
order of authors, tags). This is the only module that imports them, so the
choice of library can change here alone.
"""

import datetime
import html as html_module
import json
import re
import warnings
from dataclasses import dataclass

import dateutil.parser
import htmldate
import trafilatura
from django.utils.dateparse import parse_date, parse_datetime

from .blocks import SHINGLE, normal, word_runs, words

MIN_MATCH = 0.5  # share of a block's word runs found in the main text for it to be article text
NAME_MAX = 200  # Author.name
TAG_MAX = 100  # a tag's name
TAGS_MAX = 20
_ARTICLE_TYPES = re.compile(r"Article|Posting|Report", re.IGNORECASE)
_KINDS = {"opinion": "opinion", "analysis": "analysis", "interview": "interview"}
_NAME_SPLIT = re.compile(r"\s*(?:;|,|\band\b|&)\s*")
_BY_PREFIX = re.compile(r"^(?:(?:news\s+)?(?:analysis|opinion|commentary|review)\s+)?by\s+", re.I)
# Words of a title or an employer printed after a name ("Jane Doe, AP Sports Writer").
_NOT_A_NAME = re.compile(
    r"\b(?:writer|editor|reporter|correspondent|staff|contributor|columnist|news|business|press|"
    r"insider|times|post|media|magazine|network|daily|online|desk|team|at-large)\b|\.\w{2,3}\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Declared:
    """What a page says about its article, each part empty when it says nothing."""

    title: str = ""  # the headline, without the site's name beside it
    titles: tuple[str, ...] = ()  # every headline declared (JSON-LD, OpenGraph), title first
    description: str = ""
    authors: tuple[str, ...] = ()
    published_at: datetime.datetime | None = None
    updated_at: datetime.datetime | None = None  # only when later than published_at
    tags: tuple[str, ...] = ()
    kind: str = ""  # an Article.Kind value, when the page names one
    url: str = ""  # where the page says it lives: a base for relative links


class MainText:
    """The article text the library found, to ask whether a block of the page is part of it."""

    def __init__(self, text):
        tokens = words(text)
        self.words = " " + " ".join(tokens) + " "
        self.shingles = set(word_runs(tokens))

    def holds(self, text):
        tokens = words(text)
        if len(tokens) < SHINGLE:
            return bool(tokens) and f" {' '.join(tokens)} " in self.words
        runs = word_runs(tokens)
        return sum(run in self.shingles for run in runs) >= MIN_MATCH * len(runs)


def main_text(html):
    """The page's article text as trafilatura finds it, or None when it finds none."""
    text = trafilatura.extract(html, include_comments=False, favor_precision=True)
    return MainText(text) if text else None


def declared(soup, html):
    """What the page declares: JSON-LD first, then OpenGraph and <meta>, then the libraries."""
    # One pass over the page for every element that declares something.
    elements = {"script": [], "meta": [], "base": [], "link": [], "time": []}
    for element in soup.find_all(elements.keys()):
        elements[element.name].append(element)
    article = _json_ld_article(elements["script"])
    meta = _meta(elements["meta"])
    authors = _names(article.get("author")) or _names(meta.get("author", []))
    if not authors:
        found = trafilatura.extract_metadata(html)
        authors = _names((found.author or "").split(";")) if found else ()
    published = _moment(article.get("datePublished")) or _moment(
        _first(meta.get("article:published_time"))
    )
    printed = published or _time_element(elements["time"])
    published = printed or _markup_date(html)
    updated = (
        _moment(article.get("dateModified"))
        or _moment(_first(meta.get("article:modified_time") or meta.get("og:updated_time")))
        # htmldate's second search only where it gave the publication date too.
        or (_markup_date(html, original=False) if published and not printed else None)
    )
    site = _first(meta.get("og:site_name")) or _publisher(article)  # the publication's name
    titles = (_unescaped(article.get("headline")), _first(meta.get("og:title")))
    titles = (_without_site(title, site) for title in titles if title)
    titles = tuple(dict.fromkeys(t for t in titles if normal(t) and normal(t) != normal(site)))
    return Declared(
        title=titles[0] if titles else "",
        titles=titles,
        description=_unescaped(article.get("description")) or _first(meta.get("og:description")),
        authors=authors,
        published_at=published,
        updated_at=updated if published and updated and updated > published else None,
        tags=_tags(meta.get("article:tag") or article.get("keywords")),
        kind=_kind(article, meta),
        url=_base_url(elements, meta, article),
    )


_SITE_SEPARATOR = re.compile(r"\s+[|–—:-]\s+")


def _without_site(title, site):
    """A declared title without the site's name printed before or after it ("Headline | Site")."""
    separators = list(_SITE_SEPARATOR.finditer(title))
    if not separators or not normal(site):
        return title
    if normal(title[separators[-1].end() :]) == normal(site):
        return title[: separators[-1].start()]
    if normal(title[: separators[0].start()]) == normal(site):
        return title[separators[0].end() :]
    return title


def _publisher(article):
    publisher = article.get("publisher")
    return _text(publisher.get("name")) if isinstance(publisher, dict) else ""


def _unescaped(value):
    """JSON-LD text, where pages often leave HTML entities ("&#8216;", "&nbsp;")."""
    return _text(html_module.unescape(value)) if isinstance(value, str) else ""


def _text(value):
    return " ".join(value.split()) if isinstance(value, str) else ""


def _first(values):
    return _text(values[0]) if values else ""


def _json_ld_article(scripts):
    """The first Article (NewsArticle, BlogPosting, ...) object of the page's JSON-LD."""
    for script in scripts:
        if "ld+json" not in (script.get("type") or "").lower():
            continue
        try:
            data = json.loads(script.get_text().strip().rstrip(";"))
        except ValueError:
            continue
        for thing in _objects(data):
            kinds = thing.get("@type", "")
            kinds = " ".join(kinds) if isinstance(kinds, list) else str(kinds)
            if _ARTICLE_TYPES.search(kinds):
                return thing
    return {}


def _objects(value):
    if isinstance(value, list):
        for item in value:
            yield from _objects(item)
    elif isinstance(value, dict):
        yield value
        yield from _objects(value.get("@graph", []))


def _meta(tags):
    """Each <meta> property or name (lower case) with its contents, in page order."""
    found = {}
    for tag in tags:
        name = (tag.get("property") or tag.get("name") or "").strip().lower()
        content = " ".join(tag.get_attribute_list("content")).strip()
        if name and content:
            found.setdefault(name, []).append(content)
    return found


def _names(value):
    """Author names in order from JSON-LD, <meta> or a library: people, not links or sites."""
    names = []
    for item in value if isinstance(value, list) else [value]:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, list):
            name = " ".join(str(part) for part in name)
        name = _text(name)
        if name and not re.match(r"https?://|www\.", name):
            names.extend(_people(name))
    unique = dict.fromkeys(name[:NAME_MAX].strip() for name in names)
    return tuple(name for name in unique if name)


def _people(text):
    """The people named in one author string, without "By", titles, employers or degrees."""
    parts = [_BY_PREFIX.sub("", part) for part in _NAME_SPLIT.split(text) if normal(part)]
    people = [
        part.title() if part.isupper() and len(part) > 4 else part
        for part in parts
        if not _NOT_A_NAME.search(part) and not (part.isupper() and len(part) <= 4)
    ]
    return people or parts[:1]


# Zone abbreviations pages print after a time ("6:21 AM EST"), as offsets in hours.
_ZONES = {
    "UTC": 0, "GMT": 0, "Z": 0, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6,
    "PST": -8, "PDT": -7, "BST": 1, "CET": 1, "CEST": 2, "IST": 5.5, "KST": 9, "JST": 9,
}  # fmt: skip
_TZINFOS = {name: int(hours * 3600) for name, hours in _ZONES.items()}


def _moment(value):
    """
    An aware datetime from the text of a date: ISO 8601 or as printed ("Mon, 18 Nov 2019
    16:07:38 -0600", "November 19, 2019, 07:47 PM EST"); with no zone given, UTC.
    """
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    try:
        moment = parse_datetime(value.replace(" ", "T", 1)) or (
            datetime.datetime.combine(day, datetime.time())
            if (day := parse_date(value[:10])) and len(value) == 10
            else None
        )
    except ValueError:
        moment = None
    if moment is None and re.search(r"\b\d{4}\b", value):  # the parser fills a missing year in
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", dateutil.parser.UnknownTimezoneWarning)
            try:
                moment = dateutil.parser.parse(value, tzinfos=_TZINFOS)
            except (ValueError, OverflowError):
                return None
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)


def _time_element(times):
    for time in times[:5]:
        moment = _moment(time.get("datetime"))
        if moment:
            return moment
    return None


def _markup_date(html, original=True):
    """
    The date the markup gives for the article's publication (``original``) or its last
    update (htmldate's quick search: no guessing from the text).
    """
    try:
        found = htmldate.find_date(html, extensive_search=False, original_date=original)
    except ValueError:
        return None
    return _moment(found)


def _tags(value):
    if isinstance(value, str):
        value = value.split(",")
    names = (_text(name) for name in value or [] if isinstance(name, str))
    unique = dict.fromkeys(name for name in names if name and len(name) <= TAG_MAX)
    return tuple(unique)[:TAGS_MAX]


def _kind(article, meta):
    """Opinion or analysis when the page's type or section says so."""
    kinds = article.get("@type", "")
    kinds = " ".join(kinds) if isinstance(kinds, list) else str(kinds)
    section = article.get("articleSection") or meta.get("article:section") or ""
    section = " ".join(section) if isinstance(section, list) else str(section)
    for word in re.findall(r"[a-z]+", f"{kinds} {section}".lower().replace("newsarticle", "")):
        if word in _KINDS:
            return _KINDS[word]
    return ""


def _base_url(elements, meta, article):
    base = next((tag["href"] for tag in elements["base"] if tag.get("href")), "")
    canonical = next(
        (
            tag["href"]
            for tag in elements["link"]
            if "canonical" in tag.get_attribute_list("rel") and tag.get("href")
        ),
        "",
    )
    for url in (
        base,
        canonical,
        _first(meta.get("og:url")),
        _text(article.get("url")),
    ):
        if url.strip().startswith(("http://", "https://")):
            return url.strip()
    return ""
