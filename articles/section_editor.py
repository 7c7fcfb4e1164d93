"""
The section body's rich-text editor (django-prose-editor): a toolbar offering exactly what the
sanitiser keeps, and the footnote button with its texts (static/admin/js/footnote_citations.js,
registered in settings.DJANGO_PROSE_EDITOR_EXTENSIONS).
"""

from django.utils.translation import gettext_lazy
from django_prose_editor.config import DEFAULT_MENU_GROUPS

# The editor's toolbar offers exactly what the sanitiser keeps.
EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "Heading": {"levels": [3]},
    # Pasted headings of other levels become subheads (static/admin/js/pasted_headings.js).
    "PastedHeadings": True,
    "HardBreak": True,
    "History": True,
    # Rows, header and data cells with their spans; the editor has no caption, row groups
    # or header scope, so editing a section drops those (docs/import.md).
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    # The footnote button last, before any utilities (static/admin/js/footnote_citations.js).
    "Menu": {
        "groups": [
            *(group for group in DEFAULT_MENU_GROUPS if group["group"] != "utility"),
            {"group": "footnotes"},
            {"group": "utility"},
        ]
    },
    "FootnoteCitations": {
        "texts": {
            "button": gettext_lazy("Cite a footnote"),
            "dialogTitle": gettext_lazy("Cite a footnote"),
            "noFootnotes": gettext_lazy("No footnotes yet: add the first one."),
            "newFootnote": gettext_lazy("New footnote…"),
            "newFootnoteHeading": gettext_lazy("New footnote"),
            "authors": gettext_lazy("Authors"),
            "year": gettext_lazy("Year"),
            "title": gettext_lazy("Title"),
            "key": gettext_lazy("Key"),
            "keyHelp": gettext_lazy(
                "Made from the first author and the year; the footnote is added below, "
                "under Footnotes, where you can complete it."
            ),
            "keyTaken": gettext_lazy("Another footnote already has this key."),
            "addAndCite": gettext_lazy("Add and cite"),
            "cancel": gettext_lazy("Cancel"),
            "added": gettext_lazy("Footnote {key} added under Footnotes."),
            "suggestionsLabel": gettext_lazy("Footnotes to cite"),
        }
    },
}
