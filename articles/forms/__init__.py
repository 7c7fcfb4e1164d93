"""
The editors' forms: what the admin validates before anything is saved. ``article`` is the
article's own form, ``parts`` its sections and footnotes and the formsets that check them
together, ``pictures`` the picture library's, ``importing`` the import page's.
"""

from .article import CONTENT_FIELDS, ArticleAdminForm, SuggestionField
from .importing import ImportForm
from .parts import (
    ArticlePartFormSet,
    FootnoteForm,
    FootnoteFormSet,
    NamedRowsFormSet,
    SectionForm,
    SectionFormSet,
    name_control,
)
from .pictures import PictureForm

__all__ = [
    "CONTENT_FIELDS",
    "ArticleAdminForm",
    "ArticlePartFormSet",
    "FootnoteForm",
    "FootnoteFormSet",
    "ImportForm",
    "NamedRowsFormSet",
    "PictureForm",
    "SectionForm",
    "SectionFormSet",
    "SuggestionField",
    "name_control",
]
