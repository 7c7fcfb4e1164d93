"""The article's rows on its form: sections, footnotes, and the formsets that check them."""

from adminsortable2.admin import CustomInlineFormSet
from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_prose_editor.fields import ProseEditorFormField

from .. import (
    edit_conflicts,
    editorial_checks,
    reference_lists,
    sanitize,
)
from ..importers import references
from ..models import Article, Footnote, Section
from ..section_editor import EDITOR_EXTENSIONS


def name_control(field, name):
    """
    Name a field's control for screen readers where no label says it (table cells, the
    parts of a date and time); a split date and time names each of its two inputs.
    """
    widget = field.widget
    # The widget that renders the control, inside the admin's wrappers (related-object
    # buttons, folds): a copied wrapper's own attrs are not the copy's.
    while hasattr(widget, "widget"):
        widget = widget.widget
    if isinstance(widget, forms.SplitDateTimeWidget):
        date, time = widget.widgets
        date.attrs["aria-label"] = _("%(name)s (date)") % {"name": name}
        time.attrs["aria-label"] = _("%(name)s (time)") % {"name": name}
    else:
        widget.attrs["aria-label"] = name


class NamedRowsFormSet(forms.BaseInlineFormSet):
    """
    Inline rows whose controls are named by their field and their row ("Title, read-also
    link 2"): tabular rows show labels only in column headers, and a screen reader moving
    between rows hears which one it is in.
    """

    def add_fields(self, form, index):
        super().add_fields(form, index)
        name = self.model._meta.verbose_name
        if index is None:
            row = _("new %(name)s") % {"name": name}
        else:
            row = _("%(name)s %(number)d") % {"name": name, "number": index + 1}
        for field in form.fields.values():
            if not field.widget.is_hidden:
                name_control(field, _("%(field)s, %(row)s") % {"field": field.label, "row": row})


class SectionForm(forms.ModelForm):
    body = ProseEditorFormField(
        label=gettext_lazy("Body"),
        required=False,
        extensions=EDITOR_EXTENSIONS,
        sanitize=sanitize.clean_html,
        help_text=gettext_lazy(
            "Cite a footnote with the [^] button, or type [^ and choose it from the list; "
            "a citation reads like [^kim2021]."
        ),
    )

    class Meta:
        model = Section
        fields = [
            "heading",
            "body",
            "figure",
            "order",
        ]

    def clean_body(self):
        # The field has cleaned the text; what pasting changed is read from the text as sent.
        self.pasted_headings = sanitize.tidy_pasted(self.data.get(self.add_prefix("body"))).headings
        return self.cleaned_data["body"]

    class Media:
        css = {"all": ["admin/css/footnote_citations.css"]}
        # Also loaded by the editors (the FootnoteCitations extension), as the same module; here
        # so that footnote rows get their keys on a page with no section editor yet.
        js = [forms.Script("admin/js/footnote_citations.js", type="module")]


class FootnoteForm(forms.ModelForm):
    class Meta:
        model = Footnote
        fields = [
            "key",
            "authors",
            "year",
            "title",
            "container",
            "url",
            "accessed",
            "note",
            "order",
        ]
        error_messages = {
            "key": {
                "invalid": gettext_lazy(
                    "“%(value)s” is not a footnote key: keys are letters, digits and hyphens, "
                    "like kim2021."
                )
            }
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "key" in self.fields:
            # Left empty, it is made from the authors and year (FootnoteFormSet).
            self.fields["key"].required = False
            self.fields["key"].help_text = _(
                "Cite this note in a section by writing [^key], or with the editor's footnote "
                "button. Left empty, it is made from the authors and year, like kim2021."
            )


class ArticlePartFormSet(NamedRowsFormSet, CustomInlineFormSet):
    """
    Ordered inline rows of an article. The order field stays a visible number, so
    rows can be reordered from the keyboard as well as by dragging. Formsets of one
    article page know each other through ``siblings``, to check across them.
    """

    def __init__(self, *args, siblings=None, **kwargs):
        super().__init__(*args, **kwargs)
        order_field = self.form.base_fields[self.default_order_field]
        # Named for screen readers too: tabular rows show the label only in a column header.
        order_field.widget = forms.NumberInput(
            attrs={"class": "_reorder_ vSmallField", "min": 0, "aria-label": _("Position")}
        )
        order_field.label = _("Position")
        order_field.help_text = _("Drag to reorder, or type a number: lower comes first.")
        self.siblings = {} if siblings is None else siblings
        self.siblings[self.model] = self

    def live_forms(self):
        """Forms that will exist after saving: filled in and not marked for deletion."""
        return [
            form
            for form in self.forms
            if hasattr(form, "cleaned_data")
            and not self._should_delete_form(form)
            and (form.instance.pk or form.has_changed())
        ]

    def clean(self):
        super().clean()
        self.show_edit_conflicts()

    def show_edit_conflicts(self):
        """Their changes beside each row's fields (see ArticleAdminForm._their_changes)."""
        found = getattr(self.instance, "edit_conflicts", {})
        place = self.model._meta.model_name
        for form in self.initial_forms:
            for name in form.fields:
                conflict, who = found.get(f"{place}-{form.instance.pk}-{name}", (None, None))
                if conflict is None:
                    continue
                if conflict.outcome == edit_conflicts.TAKEN:
                    self.data[form.add_prefix(name)] = form.initial.get(name) or ""
                form.add_error(name, edit_conflicts.field_message(conflict, who))

    def live_values(self, name):
        return [form.cleaned_data.get(name) or "" for form in self.live_forms()]

    def add_errors_from_review(self, text, place):
        live = self.live_forms()
        for finding in editorial_checks.review(text):
            if finding.level == editorial_checks.ERROR and finding.place == place:
                live[finding.index].add_error(finding.field, finding.message)


class FootnoteFormSet(ArticlePartFormSet):
    def clean(self):
        self.propose_missing_keys()
        # Before the formset's own uniqueness check, which stops at the first duplicate
        # with a message that does not say which footnote.
        text = editorial_checks.ArticleText(footnote_keys=self.live_values("key"))
        self.add_errors_from_review(text, "footnote")
        super().clean()

    def propose_missing_keys(self):
        """Rows left without a key get one from their authors and year, unlike the others'."""
        live = self.live_forms()
        taken = {form.cleaned_data.get("key") for form in live} - {"", None}
        for number, form in enumerate(live, start=1):
            data = form.cleaned_data
            if "key" in data and not data["key"]:
                key = references.propose_key(data.get("authors"), data.get("year"), taken, number)
                taken.add(key)
                data["key"] = form.instance.key = key


class SectionFormSet(ArticlePartFormSet):
    def clean(self):
        super().clean()
        notes = self.siblings.get(Footnote)
        if notes is not None:
            notes.is_valid()  # cleans the footnote rows if that has not happened yet
            keys = notes.live_values("key")
            changed = self.has_changed() or notes.has_changed()
        else:
            keys = list(self.instance.footnotes.values_list("key", flat=True))
            changed = self.has_changed()
        # Unchanged rows were accepted before: a curator saving links is not held up by them.
        pasted = getattr(self.instance, "pasted_references", [])
        if pasted:
            keys = [*keys, *reference_lists.keys(pasted, set(keys))]
            self.add_errors_for_missing_references(pasted)
        if changed:
            sections = list(zip(self.live_values("heading"), self.live_values("body"), strict=True))
            text = editorial_checks.ArticleText(
                sections=sections,
                footnote_keys=keys,
                figures=[form.cleaned_data.get("figure") for form in self.live_forms()],
                publishing=self.instance.status == Article.Status.PUBLISHED,
            )
            self.add_errors_from_review(text, "section")

    def add_errors_for_missing_references(self, pasted):
        for index, form in enumerate(self.live_forms()):
            data = form.cleaned_data
            for message in reference_lists.missing_references(
                pasted, index, data.get("heading"), data.get("body")
            ):
                form.add_error("body", message)

    def paste_notes(self):
        """What tidying pasted text changed that the editor should know, section by section."""
        notes = []
        for index, form in enumerate(self.live_forms()):
            headings = getattr(form, "pasted_headings", [])
            if headings:
                quoted = ", ".join(f"“{text[:60]}”" for text in headings[:5])
                more = "…" if len(headings) > 5 else ""
                name = editorial_checks.section_name(index, form.cleaned_data.get("heading"))
                notes.append(
                    _(
                        "%(section)s: pasted headings became subheads, the one heading level of "
                        "a section's body: %(headings)s%(more)s."
                    )
                    % {"section": name, "headings": quoted, "more": more}
                )
        return notes
