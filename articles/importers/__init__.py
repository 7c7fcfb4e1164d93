"""
Bringing articles in and taking them out.

Every source becomes a document in the interchange format ``newsroom.article/1``
(see docs/import-export.md): ``text`` and ``html`` turn saved web pages into one,
``interchange`` reads and writes the JSON form and saves a document as an article.
Whatever goes wrong is an ImportFailed with a one-line message for people.
"""


class ImportFailed(Exception):
    """The source cannot be imported; the message says why, in one line."""
