"""
Who made the article, as a page prints it: the byline and dateline lines under
the headline ("By Jane Doe", "Posted by Jane Doe on November 19, 2019") and
the credit at the end of a picture's caption ("Photo: Jane Doe",
"Jane Doe/Getty Images"). None of them is article text.
"""

import re

from ..pictures import Picture
from .blocks import BYLINE, FIGURE, LIST, TABLE, normal

BYLINE_MAX = 200
ALT_MAX = Picture._meta.get_field("alt").max_length
CREDIT_MAX = Picture._meta.get_field("credit").max_length
DATELINE_MAX = 80
NAMED_LINE_MAX = 120
TOP_BLOCKS = 6  # how far under the headline a line of names or dates is still a byline

_BY = re.compile(
    r"(?:by|posted by|written by|words by|story by|reporting by|von|por|par|door)\s+(?P<rest>.+)",
    re.IGNORECASE,
)
# What may follow the names on a byline: a place, a date, a time, the agency.
_AFTER_NAMES = re.compile(
    r"\s*(?:[|•·–—]|\s-\s|,\s*(?=\d)|\b(?:on|at|for|in|updated|published)\b|\d).*", re.IGNORECASE
)
_CONNECTORS = frozenset({"and", "&", "de", "da", "van", "von", "der", "y", "e", "und", "et"})
NAMES_MAX = 8  # words
_MONTH = (
    r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|januar|februar|märz|mai|juni|juli|"
    r"oktober|dezember|janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|"
    r"décembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|"
    r"diciembre"
)
_DATE = re.compile(
    rf"\b(?:\d{{1,2}}[./-]\d{{1,2}}[./-]\d{{2,4}}|\d{{4}}-\d{{2}}-\d{{2}}|(?:{_MONTH})\w*\.?\s+\d{{1,2}}"
    rf"|\d{{1,2}}\.?\s+(?:{_MONTH})\w*|\d{{4}}년)",
    re.IGNORECASE,
)
_NAME_PARTS = re.compile(r"\s*(?:,|&|\band\b|\bund\b|\by\b|\bet\b)\s*", re.IGNORECASE)
_CREDIT_LABEL = re.compile(
    r"[\s(\[]*\b(?:photo(?:graph)?s?|image|picture|credit|foto|illustration|source)"
    r"\s*(?:by|:)\s*(?P<credit>[^()\[\]]{2,80}?)[)\]]?\s*$",
    re.IGNORECASE,
)
_AGENCIES = (
    r"Getty Images|AFP|AP|Reuters|EPA|Shutterstock|iStock|Alamy|Bloomberg|Xinhua|Yonhap|"
    r"Newscom|NurPhoto|SIPA|DPA|ANP|EFE|PA Images|PA|WireImage|Corbis|Unsplash"
)
_AGENCY_CREDIT = re.compile(
    rf"[\s(\[]*(?P<credit>(?:[^\W\d_][\w.'’-]*\s+){{0,4}}[^\W\d_]*[\w.'’-]*\s*/\s*"
    rf"(?:[A-Z][\w.'’-]*\s?){{1,3}}|(?:AP Photo|{_AGENCIES})(?:\s+via\s+[\w ]+)?)[)\]]?\.?\s*$"
)


_BEFORE_CREDIT = " \t–—-|/:·•"


def _names(text):
    """The names of a byline, each in the case people write it ("JANE DOE" as "Jane Doe")."""
    names = [part.strip(" .") for part in _NAME_PARTS.split(text)]
    return [name.title() if name.isupper() else name for name in names if normal(name)]


def _printed_names(text):
    """The names part of "By Jane Doe and John Roe | Reuters", or None for a sentence."""
    match = _BY.fullmatch(text)
    if not match:
        return None
    names = _AFTER_NAMES.sub("", match["rest"]).strip(" ,")
    words = names.replace(",", " ").split()
    if not words or len(words) > NAMES_MAX:
        return None
    if all(word[0].isupper() or word.lower() in _CONNECTORS for word in words):
        return names
    return None


def _is_dateline(text):
    return len(text) <= DATELINE_MAX and bool(_DATE.search(text))


def _byline_names(block, authors):
    """The names a byline block gives, [] for a byline of dates only, None for no byline."""
    if block.kind in {FIGURE, LIST, TABLE} or len(block.text) > BYLINE_MAX:
        return None
    names = _printed_names(block.text)
    if names:
        return _names(names)
    if block.role == BYLINE:
        return []
    named = any(normal(author) in normal(block.text) for author in authors)
    if named and len(block.text) <= NAMED_LINE_MAX:
        return []
    return None


def take_bylines(blocks, authors=()):
    """
    The names printed in byline lines, and the blocks without those lines or
    datelines. ``authors`` are the names the page declares, which mark a line
    of names as a byline too.
    """
    names, kept = [], []
    for index, block in enumerate(blocks):
        found = _byline_names(block, authors)
        if found is None and index < TOP_BLOCKS and block.kind not in {FIGURE, LIST}:
            found = [] if _is_dateline(block.text) else None
        if found is None:
            kept.append(block)
        else:
            names.extend(found)
    return list(dict.fromkeys(names)), kept


def split_credit(caption, credit=""):
    """(caption, credit): a credit printed at the caption's end moves to the credit."""
    if credit:
        return caption.strip(), credit.strip()
    for pattern in (_CREDIT_LABEL, _AGENCY_CREDIT):
        match = pattern.search(caption)
        if match and match.start() > 0:
            # "The bay – AP Photo/X": the dash went with the credit.
            return caption[: match.start()].rstrip(_BEFORE_CREDIT), match["credit"].strip()
        if match and match.start() == 0 and pattern is _CREDIT_LABEL:
            return "", match["credit"].strip()
    return caption, ""


def _said_once(text):
    """A caption printed twice over ("A caption A caption") as printed once."""
    words = text.split()
    half = len(words) // 2
    if len(words) % 2 == 0 and words[:half] == words[half:]:
        return " ".join(words[:half])
    return text


def picture(caption, alt, credit="", src=""):
    """
    A document's picture (the lead image or a section's figure): its caption, alt
    text and credit apart, and where its file is. A credit too long for one is
    part of the caption; alt text too long is cut at a word.
    """
    caption, credit = split_credit(_said_once(caption), credit)
    if len(credit) > CREDIT_MAX:
        caption, credit = " ".join(filter(None, [caption, credit])), ""
    alt = _said_once(alt)
    if len(alt) > ALT_MAX:
        alt = alt[: ALT_MAX - 1].rsplit(" ", 1)[0] + "…"
    return {"caption": caption, "alt": alt, "credit": credit, "src": src or None}
