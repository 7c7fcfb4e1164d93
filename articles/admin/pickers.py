"""
The buttons Django puts beside a picker (add, change, delete, view the chosen row), kept
only where they help. Beside a read-also or reading-list article they open the linked
article itself, and its delete button would delete that article, not the link: a row is
removed by its own delete control.
"""

from django.contrib.admin.widgets import RelatedFieldWidgetWrapper

BUTTONS = ("add", "change", "delete", "view")


class PickerButtons:
    """``picker_buttons``: field name -> the buttons kept beside its picker (none if unnamed)."""

    picker_buttons = {}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        widget = getattr(formfield, "widget", None)
        if isinstance(widget, RelatedFieldWidgetWrapper):
            kept = self.picker_buttons.get(db_field.name, ())
            for button in BUTTONS:
                if button not in kept:
                    setattr(widget, f"can_{button}_related", False)
        return formfield
