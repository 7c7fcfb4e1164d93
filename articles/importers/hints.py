"""
What a page's markup says an element is, from the words of its class and id
("comment-list", "article__dek", "photo_credit"): page furniture, a standfirst,
a byline, a picture's caption or credit, or a place whose images are no
pictures of the article (an author box, a logo, a share bar).
"""

import functools
import re

from .blocks import BYLINE, STANDFIRST

SKIP = "skip"  # page furniture of any kind
CAPTION = "caption"
CREDIT = "credit"
NO_PICTURES = "no pictures"  # images here are icons, avatars, logos or other stories'
_SPLIT = re.compile(r"[\s_-]+")
WORDS = {
    SKIP: frozenset(
        {
            "comments", "comment", "disqus", "respond", "cookie", "cookies", "consent", "gdpr",
            "newsletter", "share", "sharing", "social", "subscribe", "subscription", "promo",
            "advert", "advertisement", "ads", "outbrain", "taboola", "recirculation", CAPTION,
        }
    ),
    STANDFIRST: frozenset(
        {"dek", "deck", "standfirst", "subtitle", "subheadline", "summary", "excerpt", "lede",
         "strapline", "intro", "description"}
    ),
    BYLINE: frozenset(
        {"byline", "author", "authors", "dateline", "timestamp", "published", "posted", "meta",
         "date", "time", "updated"}
    ),
    CAPTION: frozenset({CAPTION, "figcaption"}),
    CREDIT: frozenset({CREDIT, "credits", "copyright", "photographer", "attribution"}),
    NO_PICTURES: frozenset(
        {
            "icon", "icons", "logo", "avatar", "gravatar", "emoji", "smiley", "sprite", "badge",
            "pixel", "tracking", "spacer", "share", "sharing", "social", "ad", "ads", "advert",
            "advertisement", "sponsor", "sponsored", "author", "authors", "byline", "bio",
            "profile", "related", "recommended", "trending", "popular", "teaser", "widget",
            "sidebar", "button", "btn",
        }
    ),
}  # fmt: skip


def words(tag):
    """The lowercase words of an element's class and id."""
    classes = tag.get("class")
    names = " ".join(classes) if isinstance(classes, list) else classes or ""
    return _words(f"{names} {tag.get('id') or ''}")


@functools.lru_cache(maxsize=4096)
def _words(names):
    # Pages repeat a few class names thousands of times: each is split once.
    return frozenset(part.lower() for part in _SPLIT.split(names) if part)


def says(tag, name):
    """The element's class or id says it is ``name`` (one of the kinds above)."""
    return not WORDS[name].isdisjoint(words(tag))
