"""
The pictures of a saved page: which of its images belong to the article, with
their alt text, caption, credit and the address of their file.

A ``<figure>``, or an element its class calls a caption that holds an image
(WordPress's ``wp-caption``), is a picture with its caption; an image standing
alone in the text is one without. Lazy-loading pages give the file in
``data-src`` or ``srcset`` and a placeholder in ``src``: the file is the one a
link around the image opens, else the largest a ``srcset`` offers, else the
lazy attribute's, else ``src``'s, else one a ``<picture>``'s sources or the
``<noscript>`` fallback name.
A file a few pixels wide that a script replaces (``?w=20``) is no file.
Icons, tracking pixels, avatars, logos, emoji and share buttons are no
pictures: by their size (100 pixels or less either way), their role
(``presentation``, ``aria-hidden``) or hidden style, the words of their
class, id or address, or, for a teaser of another story, a link to another
page around them.
"""

import re
from urllib.parse import parse_qsl, urljoin, urlsplit

from . import hints
from .blocks import FIGURE, Block
from .credits import CREDIT_MAX

IMAGES = frozenset({"img", "amp-img"})
ICON_MAX = 100  # pixels: an image this narrow or low is an icon, an avatar or a tracker
CAPTIONED_MAX = 1000  # characters: more text around an image is a container, not a caption
BOX_MAX = 1500  # characters: an author box or a widget, not a wrapper of the whole page
LINK_LEVELS = 3  # how far up from an image a link around it is looked for
_LAZY = ("data-src", "data-lazy-src", "data-original", "data-lazy", "data-hi-res-src")
_SRCSETS = ("data-srcset", "data-lazy-srcset", "srcset")
_FILE_WORDS = frozenset(
    {
        "pixel", "spacer", "blank", "tracking", "tracker", "beacon", "1x1", "transparent",
        "placeholder", "lazy", "lazyload", "loader", "icon", "icons", "favicon", "sprite",
        "sprites", "emoji", "avatar", "avatars", "gravatar", "badge", "badges", "logo", "logos",
        "social", "share", "sharing", "counter",
    }
)  # fmt: skip
_IMAGE_FILE = re.compile(r"\.(?:jpe?g|png|webp|gif|avif)$", re.IGNORECASE)
_URL_WORDS = re.compile(r"[^a-z0-9]+")
_PIXELS = re.compile(r"\s*(\d+)\s*(?:px)?\s*$")
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_SIZE_PARAMETERS = frozenset({"w", "h", "width", "height"})
_BLOCKING = frozenset({"h1", "h2", "h3", "ul", "ol", "table", "article", "main"})
# A figure of a quotation, a table or a list is text, read as text.
TEXT_FIGURES = frozenset({"blockquote", "table", "pre", "ul", "ol"})
MEDIA = frozenset({"video", "audio", "iframe", "embed", "object"})
_URL_TOKEN = re.compile(r"[\s,]*(\S+)")
_DESCRIPTORS = re.compile(r"[^,]*")


def is_image(tag):
    return tag.name in IMAGES or tag.name == "picture"


def is_picture_figure(tag):
    """A <figure> of a picture, not of a quotation, a table or a list (which are read as text)."""
    return tag.name == "figure" and tag.find(TEXT_FIGURES) is None


def images_in(tag):
    """The images an element shows, without the copies its <noscript> fallbacks hold."""
    found = (node for node in tag.descendants if getattr(node, "name", None) in IMAGES)
    return [image for image in found if image.find_parent("noscript") is None]


def is_captioned_image(tag):
    """An element that is a picture and its caption without being a <figure> (``wp-caption``)."""
    return (
        tag.name != "figure"
        and hints.says(tag, hints.CAPTION)
        and tag.find(IMAGES) is not None
        and tag.find(_BLOCKING) is None
        and len(tag.get_text()) <= CAPTIONED_MAX
    )


def has_no_pictures(tag):
    """An author box, a logo, a widget or a teaser list: its images are none of the article's."""
    return (
        hints.says(tag, hints.NO_PICTURES)
        and tag.name not in {"body", "main", "article"}
        and tag.find({"h1", "article", "main"}) is None
        and len(tag.get_text()) <= BOX_MAX
    )


def figure(tag, text, base_url):
    """
    The picture a <figure> or captioned image is, or None when it is none: an icon,
    a teaser, a video. A figure whose image a script puts in place prints only its
    caption, and is a picture without a file. ``text`` reads an element's text as
    the page prints it.
    """
    images = tag.find_all(IMAGES)
    if hints.says(tag, hints.NO_PICTURES) or not images and tag.find(MEDIA) is not None:
        return None
    image = next((found for found in images if _file(found, base_url)), None)
    image = image or (images[0] if images else None)
    src = _file(image, base_url) if image is not None else ""
    caption = _caption(tag)
    if image is not None and _is_icon(image, src):
        return None
    if image is not None and _links_elsewhere(image) and (caption is None or _all_links(caption)):
        return None  # a teaser: another story's picture and headline
    credit = next((node for node in tag.find_all(True) if hints.says(node, hints.CREDIT)), None)
    caption_text = text(caption) if caption else ""
    credit_text = text(credit) if credit else ""
    if credit_text and credit_text in caption_text:
        caption_text = caption_text.replace(credit_text, " ")
    alt = _alt(image) if image is not None else ""
    return Block(FIGURE, caption_text, alt=alt, credit=credit_text, src=src)


def image(tag, base_url):
    """The picture an image standing in the text is (an <img>, a <picture>), or None."""
    found = tag if tag.name in IMAGES else tag.find(IMAGES)
    if found is None or _links_elsewhere(found):
        return None
    src = _file(found, base_url)
    if not src or _is_icon(found, src):
        return None
    return Block(FIGURE, alt=_alt(found), src=src, alone=True)


def caption_of(tag):
    """A caption or credit element printed after a picture, and which of the two it is."""
    for name, most in ((hints.CREDIT, CREDIT_MAX), (hints.CAPTION, CAPTIONED_MAX)):
        if hints.says(tag, name) and tag.find(IMAGES) is None and len(tag.get_text()) <= most:
            return name
    return None  # a site's "copyright" footer is no picture's credit


def _alt(tag):
    return " ".join(tag.get_attribute_list("alt"))


def _caption(tag):
    caption = tag.find("figcaption")
    if caption is None:
        caption = next(
            (
                node
                for node in tag.find_all(True)
                if hints.says(node, hints.CAPTION) and node.find(IMAGES) is None
            ),
            None,
        )
    if caption is None and tag.name != "figure":
        caption = tag  # a caption wrapper prints its caption beside the image
    return caption


def _all_links(caption):
    text = caption.get_text().strip()
    linked = "".join(link.get_text() for link in caption.find_all("a")).strip()
    return not text or bool(linked) and len(linked) >= len(text)


def _link(image):
    node = image
    for _level in range(LINK_LEVELS):
        node = node.parent
        if node is None:
            return None
        if node.name == "a":
            return node.get("href", "").strip()
    return None


def _links_elsewhere(image):
    """A link around the image leads to another page (not to the image's own file)."""
    href = _link(image)
    if not href or href.startswith("#") or href.lower().startswith("javascript:"):
        return False
    return not _IMAGE_FILE.search(urlsplit(href).path)


def _file(image, base_url):
    """The address of the image's file, absolute, or "" when the page gives none."""
    link = _link(image)
    candidates = [link] if link and _IMAGE_FILE.search(urlsplit(link).path) else []
    candidates += [_largest(image.get(name, "")) for name in _SRCSETS]
    candidates += [image.get(name, "") for name in (*_LAZY, "src")]
    if image.parent is not None and image.parent.name == "picture":
        candidates += [_largest(source.get("srcset", "")) for source in image.parent("source")]
    fallback = image.find_next_sibling("noscript")
    fallback = fallback.find(IMAGES) if fallback is not None else None
    if fallback is not None and image.find_parent("noscript") is None:
        candidates.append(fallback.get("src", ""))
    for candidate in candidates:
        url = _absolute(" ".join(candidate.split()) if candidate else "", base_url)
        if url and not _is_placeholder(url):
            return url
    return ""


def _is_placeholder(url):
    """A blurred stand-in a script replaces: its address asks for a file a few pixels wide."""
    sizes = (value for name, value in parse_qsl(urlsplit(url).query) if name in _SIZE_PARAMETERS)
    return any(size.isascii() and size.isdigit() and int(size) <= ICON_MAX for size in sizes)


def _largest(srcset):
    """The address of the widest (or densest) file a srcset offers."""
    best, best_size = "", -1.0
    for url, descriptor in _srcset(srcset):
        try:
            size = float(descriptor[:-1]) if descriptor[-1:] in {"w", "x"} else 1.0
        except ValueError:
            size = 1.0
        if size > best_size:
            best, best_size = url, size
    return best


def _srcset(srcset):
    """(address, descriptor) of each file a srcset offers, read as browsers read it."""
    position = 0
    while match := _URL_TOKEN.match(srcset, position):
        url, position = match[1], match.end()
        if url.endswith(","):  # an address with no descriptor
            yield url.rstrip(","), ""
            continue
        descriptors = _DESCRIPTORS.match(srcset, position)
        position = descriptors.end()
        yield url, descriptors[0].strip()


def _absolute(url, base_url):
    if not url or url.lower().startswith(("data:", "about:", "javascript:", "blob:")):
        return ""
    if url.startswith("//"):
        url = urljoin(base_url or "https://", url)
    elif base_url:
        url = urljoin(base_url, url)
    return url if url.lower().startswith(("http://", "https://")) else ""


def _pixels(value):
    """A size attribute's pixels, or None when it gives none (absent, "100%")."""
    match = _PIXELS.fullmatch(value or "")
    return int(match[1]) if match else None


def _is_icon(image, src):
    if image.get("role") in {"presentation", "none"} or image.get("aria-hidden") == "true":
        return True
    if image.has_attr("hidden") or _HIDDEN.search(image.get("style", "")):
        return True  # a counter or a tracker, never shown
    sizes = (_pixels(image.get(name)) for name in ("width", "height", "data-width", "data-height"))
    if any(size is not None and size <= ICON_MAX for size in sizes):
        return True
    address = urlsplit(src.lower())
    words = set(_URL_WORDS.split(address.netloc + address.path))
    return hints.says(image, hints.NO_PICTURES) or not _FILE_WORDS.isdisjoint(words)
