"""Controls of the article's page that Django's admin does not have."""

import copy

from django import forms
from django.utils.html import format_html


class Folded(forms.Widget):
    """
    A control folded under a summary until the editor opens it ("Add a figure"). It is open
    whenever it holds a value or an error, so nothing chosen or wrong is out of sight, and
    it opens without JavaScript (a <details> element).
    """

    def __init__(self, widget, *, add, label):
        super().__init__()
        self.widget = widget
        self.attrs = widget.attrs
        self.add = add
        self.label = label

    def __deepcopy__(self, memo):
        obj = copy.copy(self)
        obj.widget = copy.deepcopy(self.widget, memo)
        obj.attrs = obj.widget.attrs
        memo[id(self)] = obj
        return obj

    @property
    def is_hidden(self):
        return self.widget.is_hidden

    @property
    def media(self):
        return self.widget.media

    @property
    def choices(self):
        return self.widget.choices

    @choices.setter
    def choices(self, value):
        self.widget.choices = value

    def render(self, name, value, attrs=None, renderer=None):
        chosen = value not in (None, "", [])
        wrong = (attrs or {}).get("aria-invalid") == "true"
        return format_html(
            '<details class="folded"{}><summary>{}</summary>{}</details>',
            " open" if chosen or wrong else "",
            self.label if chosen else self.add,
            self.widget.render(name, value, attrs, renderer),
        )

    def value_from_datadict(self, data, files, name):
        return self.widget.value_from_datadict(data, files, name)

    def value_omitted_from_data(self, data, files, name):
        return self.widget.value_omitted_from_data(data, files, name)

    def id_for_label(self, id_):
        return self.widget.id_for_label(id_)
