"""Path converters for reader addresses."""

from django.urls.converters import StringConverter


class PathTextConverter(StringConverter):
    """
    Like ``str``, without NUL: no address of the site holds one, and PostgreSQL refuses it
    in a query, so an address with one is not found rather than an error.
    """

    regex = r"[^/\x00]+"
