"""Path converters for reader addresses."""

from django.urls.converters import StringConverter


class PathTextConverter(StringConverter):
    """
    Like ``str``, without NUL: no address of the site holds one, and PostgreSQL refuses it
    in a query, so an address with one is not found rather than an error.
    """

    regex = r"[^/\x00]+"


class ZeroPaddedConverter:
    """A number always written with ``digits`` digits, as newspapers print dates (03, 12)."""

    digits = 2

    def __init__(self):
        self.regex = f"[0-9]{{{self.digits}}}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):0{self.digits}d}"


class YearConverter(ZeroPaddedConverter):
    digits = 4
