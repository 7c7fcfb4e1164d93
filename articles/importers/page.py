"""
Saved web pages as article documents: the rules both page parsers share.

``text`` and ``html`` read their input into Blocks: the page's lines, headings,
lists and figures in reading order, with nothing decided yet. ``build_document``
applies the page rules to them, once for both sources: it drops page furniture,
finds the headline, dek and lead image, takes out the references and the
read-also list, cites the references in the text and groups what is left into
the sections of a ``newsroom.article/1`` document.
"""

from dataclasses import replace

from django.utils.translation import gettext as _

from ..search import HANGUL
from . import ImportFailed
from .blocks import (
    FIGURE,
    HEADING,
    HEADLINE,
    LIST,
    PARAGRAPH,
    QUOTE,
    SHORT_LINE,
    STANDFIRST,
    TABLE,
    TEXT_KINDS,
    final_mark,
    has_words,
    labels,
    normal,
    tidy,
    word_runs,
    words,
)
from .credits import picture, take_bylines
from .extraction import Declared
from .interchange import FORMAT
from .references import Citations, footnotes_of, looks_like_references, take_references
from .sections import section_dicts

TITLE_MAX = 120
REPEAT_RUNS = 60  # word runs a block needs before it can be judged a repeat of the text above
REPEAT_SHARE = 0.9
LEAD_MIN = 150  # characters: a standfirst is a line or two, an article's lead runs longer
CAPTION_MAX = 200  # captions run longer than subheads
BODY_KINDS = frozenset({PARAGRAPH, LIST, QUOTE, TABLE})  # what readers read as the article

FURNITURE = labels(
    "Skip to content",
    "Skip to main content",
    "Menu",
    "Subscribe",
    "Read more",
    "Sign in",
    "Log in",
    "Advertisement",
    "Back to top",
)
# These open a run of links (share buttons, most-read headlines) that goes with them.
FURNITURE_RUNS = labels(
    "Share", "Share this", "Share this article", "Share this story", "Most read", "Most popular"
)
TRAILING_FURNITURE = labels("Latest")
READ_ALSO = labels("Read also", "Related", "Related articles", "Related stories", "See also")


def is_read_also_label(text):
    return normal(text) in READ_ALSO


def build_document(blocks, description="", declared=None, title="", main_text=None, warnings=None):
    """
    The ``newsroom.article/1`` document a page's blocks make; ImportFailed when
    there is no article. ``description`` is the dek when none follows the
    headline; ``declared`` is what the page says about itself, ``title`` its
    headline as declared, ``main_text`` where an extraction library found the
    article text. A marker citing no listed reference is an ImportFailed, or a
    line added to ``warnings`` when that list is given.
    """
    declared = declared or Declared()
    blocks = _tidied(blocks)
    if not blocks:
        raise ImportFailed(_("The page is empty."))
    figures_above, headline, blocks = _take_headline(
        _without_furniture(blocks), declared.titles or (title,), declared=bool(declared.titles)
    )
    related, blocks = _take_related(blocks)
    entries, blocks = take_references(blocks)
    bylines, blocks = take_bylines(blocks, declared.authors)
    dek, blocks = _take_dek(blocks, tidy(description), declared.description, main_text)
    if main_text:
        blocks = _in_main_text(blocks, main_text)
    lead_image, blocks = _take_lead_image(figures_above, blocks)
    blocks = _without_repeats(blocks, headline, lead_image["caption"] if lead_image else "")
    footnotes = footnotes_of(entries)
    cite = Citations(footnotes)
    sections = section_dicts(blocks, cite)
    if not sections:
        raise ImportFailed(_("The page has a headline but no article text."))
    _report_missing(cite.missing, warnings)
    return {
        "format": FORMAT,
        "headline": headline,
        "dek": dek,
        "slug": "",
        "kind": declared.kind or "news",
        "language": _language([headline, dek, *_texts(blocks)]),
        "authors": list(declared.authors) or bylines,
        "tags": list(declared.tags),
        "lead_image": lead_image,
        "sections": sections,
        "footnotes": footnotes,
        "related": [
            {"title": title, "url": url or None, "article": None} for title, url in related
        ],
        "corrections": [],
        "status": "draft",
        "published_at": declared.published_at,
        "updated_at": declared.updated_at,
    }


def _report_missing(numbers, warnings):
    for number in dict.fromkeys(numbers):
        message = _("the text cites [%(number)s], but the page lists no reference %(number)s.") % {
            "number": number
        }
        if warnings is None:
            raise ImportFailed(message + " " + _("(--lenient imports it without the marker)"))
        warnings.append(message)


def _tidied(blocks):
    """The blocks with their text tidied, leaving out those with no words at all."""
    tidied = []
    for block in blocks:
        items = (replace(item, text=tidy(item.text)) for item in block.items)
        block = replace(
            block,
            text=tidy(block.text),
            alt=tidy(block.alt),
            credit=tidy(block.credit),
            items=tuple(item for item in items if has_words(item.text)),
        )
        if has_words(block.text) or has_words(block.alt) or block.items or block.src:
            tidied.append(block)
    return tidied


def _texts(blocks):
    for block in blocks:
        yield block.text
        yield from (item.text for item in block.items)


def _is_sentence(text):
    return len(text) > TITLE_MAX or final_mark(text) in {".", "…"}


def _is_link_like(blocks, index):
    """A line or list that reads as link titles rather than as article text."""
    block = blocks[index]
    if block.kind == LIST:
        titles = all(not _is_sentence(item.text) for item in block.items)
        return titles and not looks_like_references(block)
    if block.kind not in {SHORT_LINE, PARAGRAPH} or _is_sentence(block.text):
        return False
    # A short line followed by prose is the headline or the heading of that prose.
    following = blocks[index + 1] if index + 1 < len(blocks) else None
    return not (following and following.kind == PARAGRAPH and _is_sentence(following.text))


def _without_furniture(blocks):
    kept, in_run = [], False
    for index, block in enumerate(blocks):
        if in_run and _is_link_like(blocks, index):
            continue
        label = normal(block.text)
        in_run = label in FURNITURE_RUNS
        if not in_run and label not in FURNITURE:
            kept.append(block)
    while kept and normal(kept[-1].text) in TRAILING_FURNITURE:
        kept.pop()
    return kept


def _is_title(text, title):
    text, title = normal(text), normal(title)
    shorter, longer = sorted([text, title], key=len)
    return bool(shorter) and shorter in longer and len(shorter) * 2 >= len(longer)


def _take_headline(blocks, titles=("",), declared=False):
    """
    The figures above the headline, the headline, and the blocks below it;
    above it is only page furniture. The headline is one the page declares
    (``titles``), where the page prints it. A page printing none of its
    ``declared`` titles (JSON-LD, OpenGraph) prints a label, a kicker or a
    display variant: the first declared one is what its publisher stored.
    """
    marked = [index for index, block in enumerate(blocks) if block.kind == HEADLINE]
    candidates = marked or [index for index, block in enumerate(blocks) if block.kind in TEXT_KINDS]
    if not candidates:
        raise ImportFailed(_("No headline found on the page."))
    # A declared headline where it is printed: marked as a headline, or else as any line.
    texts = [i for i, block in enumerate(blocks) if block.kind in TEXT_KINDS]
    titled = [
        (i, title) for i in marked + texts for title in titles if _is_title(blocks[i].text, title)
    ]
    index, title = titled[0] if titled else (candidates[0], titles[0])
    headline = blocks[index].text
    # The printed one carries more (a breadcrumb, a section's name) or other words;
    # a declared title cut short ("…") is never the headline when a line is printed.
    longer = len(normal(headline)) > len(normal(title))
    if (titled and longer or not titled and declared) and not title.endswith(("…", "...")):
        headline = title
    figures_above = [block for block in blocks[:index] if block.kind == FIGURE]
    return figures_above, headline, blocks[index + 1 :]


def _is_doubled(blocks, index):
    """The block is a text line printed twice in a row."""
    if index + 1 >= len(blocks):
        return False
    first, second = blocks[index], blocks[index + 1]
    both_lines = {first.kind, second.kind} <= {SHORT_LINE, PARAGRAPH}
    return both_lines and normal(first.text) == normal(second.text)


def _take_dek(blocks, description, declared="", main_text=None):
    """
    The dek: a standfirst the markup marks as one, the summary the page declares
    (printed under the headline or not, but never the article's own first
    paragraph), or, on a page declaring none, the first paragraph. A paragraph
    too long for a standfirst that the extraction library finds in the article
    text is the article's lead, whatever its class says ("intro", "lede").
    """

    def lead(block):
        long = len(block.text) >= LEAD_MIN
        return long and main_text is not None and main_text.holds(block.text)

    for index, block in enumerate(blocks[:3]):
        if block.kind != PARAGRAPH:
            continue
        if block.role == STANDFIRST and not lead(block):
            return block.text, blocks[:index] + blocks[index + 1 :]
        if declared and normal(block.text) == normal(declared):
            if main_text and main_text.holds(block.text):
                return "", blocks  # the summary is the lead paragraph: article text
            return block.text, blocks[:index] + blocks[index + 1 :]
    if declared:
        # A summary cut from the first paragraph repeats the article: it is no dek.
        first = next((normal(b.text) for b in blocks if b.kind == PARAGRAPH), "")
        return ("" if normal(declared)[:60] in first else declared), blocks
    if blocks and blocks[0].kind == PARAGRAPH and not _is_doubled(blocks, 0):
        if not lead(blocks[0]):
            return blocks[0].text, blocks[1:]
        return "", blocks
    return description, blocks


def _in_main_text(blocks, main_text):
    """
    The blocks the extraction library found article text in, with the subheads
    over them; all the blocks if it found none of them.
    """
    held = [block.kind == FIGURE or main_text.holds(" ".join(_texts([block]))) for block in blocks]
    text_below = False  # whether the next block other than a figure is held
    for index in range(len(blocks) - 1, -1, -1):
        if blocks[index].kind == HEADING:
            held[index] = held[index] or text_below
        if blocks[index].kind != FIGURE:
            text_below = held[index]
    kept = [block for block, keep in zip(blocks, held, strict=True) if keep]
    return kept if any(block.kind in {PARAGRAPH, LIST} for block in kept) else blocks


def _take_lead_image(figures_above, blocks):
    """
    The lead image and the blocks without it: the first figure; or, for text
    pages, the line printed twice right after the dek (a text dump prints the
    image's caption and then its alt text). The other figures above the
    headline are none of the article's; those below it stay in place as
    inline figures (see ``_inline_figures``).
    """
    figures = [index for index, block in enumerate(blocks) if block.kind == FIGURE]
    # An image alone above the headline is the site's: a banner, a logo, a tracking pixel.
    figures_above = [block for block in figures_above if not block.alone]
    if figures_above:
        lead = figures_above[0]
    elif figures:
        lead, blocks = blocks[figures[0]], blocks[: figures[0]] + blocks[figures[0] + 1 :]
    elif _is_doubled(blocks, 0) and len(blocks[0].text) <= CAPTION_MAX:
        return picture(blocks[0].text, blocks[0].text), blocks[2:]
    else:
        return None, blocks
    return picture(lead.text, lead.alt, lead.credit, lead.src), _inline_figures(blocks, lead)


def _inline_figures(blocks, lead):
    """
    The blocks with the figures inside the article text: those after its last
    block of text (a teaser grid, a gallery of other stories) are left out, and so
    is a figure showing a file already shown (the lead printed again in the body).
    """
    text = [index for index, block in enumerate(blocks) if block.kind in BODY_KINDS]
    end = text[-1] if text else -1
    shown, kept = {lead.src}, []
    for index, block in enumerate(blocks):
        if block.kind == FIGURE:
            if index > end or block.src and block.src in shown:
                continue
            shown.add(block.src)
        kept.append(block)
    return kept


def _fingerprint(block):
    return normal(block.text), tuple(normal(item.text) for item in block.items), block.src


def _without_repeats(blocks, *printed_above):
    """
    Without lines repeating the headline or caption, nor a block repeating the
    one before, nor a long block whose words are already given above (a copy of
    the article kept for search engines or another edition, a pull quote).
    """
    above = {normal(text) for text in printed_above if text}
    kept, seen = [], set()
    for block in blocks:
        if block.kind not in {LIST, FIGURE} and normal(block.text) in above:
            continue
        if kept and _fingerprint(kept[-1]) == _fingerprint(block):
            continue
        runs = word_runs(words(" ".join(_texts([block]))))
        given = sum(run in seen for run in runs)
        if len(runs) >= REPEAT_RUNS and given >= REPEAT_SHARE * len(runs):
            continue
        seen.update(runs)
        kept.append(block)
    return kept


def _titles(block):
    if block.kind == LIST:
        return [(item.text, item.href) for item in block.items]
    return [(block.text, "")]


def _take_related(blocks):
    """
    (title, url) of what is listed under "Read also" (and the like), and the
    blocks without those lists; url is "" where the page gives none.
    """
    links, kept, index = {}, [], 0
    while index < len(blocks):
        if blocks[index].kind != LIST and is_read_also_label(blocks[index].text):
            index += 1
            while index < len(blocks) and _is_link_like(blocks, index):
                for title, url in _titles(blocks[index]):
                    links[title] = links.get(title) or url
                index += 1
        else:
            kept.append(blocks[index])
            index += 1
    return list(links.items()), kept


def _language(texts):
    """Korean when most letters are Hangul."""
    letters = sum(character.isalpha() for text in texts for character in text)
    hangul = sum(len(run) for text in texts for run in HANGUL.findall(text))
    return "ko" if hangul * 2 > letters else "en"
