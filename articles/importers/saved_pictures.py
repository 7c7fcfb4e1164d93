"""
A saved document's pictures (its lead image, its sections' figures) as pictures of
the library. What a document says about a picture is its words, stored on the
picture, and ``src``, where the page it came from had its file; the file itself
travels apart, and the library keeps no address, so an export gives none. An
article keeps the files it has: a picture of the document is the article's own
when the words are its own, else a new one with the same file, so other
articles and revisions keep theirs.
"""

from ..pictures import Picture

PICTURE_TEXTS = ["caption", "alt", "credit"]


def lead(current, image):
    """
    The lead picture with the document's words: the article's own when they are its words;
    otherwise a new one, with the same file, so other articles and revisions keep theirs.
    """
    texts = {key: image.get(key, "") for key in PICTURE_TEXTS}
    if _says(current, texts):
        return current
    if (current is None or not current.file) and not any(texts.values()):
        return None
    return _with_words(current, texts)


def figures(article, sections):
    """
    The sections' figures with the document's words, before their sections are replaced:
    the n-th figure of the document is the article's n-th figure (with its file) in new
    words, or a picture of its own when the article has fewer. A figure the document
    gives is kept even without words: it says the page had a picture there.
    """
    stored = article.sections.select_related("figure") if article.pk else []
    current = iter(section.figure for section in stored if section.figure)
    return [
        _with_words(next(current, None), {key: s["figure"][key] for key in PICTURE_TEXTS})
        if s["figure"] is not None
        else None
        for s in sections
    ]


def _says(current, texts):
    return current is not None and all(getattr(current, k) == v for k, v in texts.items())


def _with_words(current, texts):
    """``current`` when it has these words, else a new picture of them with its file."""
    if _says(current, texts):
        return current
    picture = Picture(**texts)
    if current is not None:
        picture.file = current.file.name
        picture.renditions = current.renditions
        picture.decorative = current.decorative
    picture.save()
    return picture
