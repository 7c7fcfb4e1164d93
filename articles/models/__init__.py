"""
The articles app's models, a module per concept; every name is importable from here.

    querysets.py   what readers may see (``published_q``, ``Status``), the article
                   querysets and the lookups pages prefetch
    articles.py    Article, its former addresses, the edit conflict
    on_page.py     what pages show of an article beyond its fields (ArticleOnPage)
    parts.py       what an article is made of: sections, footnotes, corrections
    authors.py     authors and bylines
    links.py       read-also links and reading lists
    tags.py        tagged articles and the redirects of merged tags
    site_state.py  the rows readers see (ShownToReaders) and what they see site-wide
                   (SiteVersion, SiteState)
    sitemap_files.py  the article sitemap's files and their lastmods, kept by the writes
    fields.py      the web address field and unique slugs
    staff.py       what a member of staff chose for themselves

Pictures (``articles/pictures.py``), autosaves (``articles/autosave.py``) and a live
article's unpublished changes (``articles/staging.py``) live in modules of their own and
are registered from here. Modules below ``articles.py`` that need Article at call time
import it inside the function, since Article builds on them.
"""

from ..autosave import Autosave
from ..pictures import Picture
from ..staging import StagedChange
from .articles import RENDERED_FIELDS, Article, EditConflict, FormerAddress
from .authors import Author, Byline
from .fields import WebURLField, unique_slug
from .links import ReadingList, ReadingListItem, RelatedLink
from .on_page import UPDATE_THRESHOLD
from .parts import FOOTNOTE_YEARS, ArticlePart, Correction, Footnote, Section
from .querysets import (
    LINKED_FIELDS,
    ArticleQuerySet,
    Status,
    bylines_with_authors,
    newest_change,
    published_q,
)
from .site_state import ShownToReaders, ShownWithArticle, SiteState, SiteVersion
from .sitemap_files import SitemapFile
from .staff import StaffPreference
from .tags import TaggedArticle, TagRedirect

__all__ = [
    "FOOTNOTE_YEARS",
    "LINKED_FIELDS",
    "RENDERED_FIELDS",
    "UPDATE_THRESHOLD",
    "Article",
    "ArticlePart",
    "ArticleQuerySet",
    "Author",
    "Autosave",
    "Byline",
    "Correction",
    "EditConflict",
    "Footnote",
    "FormerAddress",
    "Picture",
    "ReadingList",
    "ReadingListItem",
    "RelatedLink",
    "Section",
    "ShownToReaders",
    "ShownWithArticle",
    "SiteState",
    "SitemapFile",
    "StagedChange",
    "SiteVersion",
    "StaffPreference",
    "Status",
    "TaggedArticle",
    "TagRedirect",
    "WebURLField",
    "bylines_with_authors",
    "newest_change",
    "published_q",
    "unique_slug",
]
