"""The editors' forms: what the admin validates before anything is saved."""

from adminsortable2.admin import CustomInlineFormSet
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_prose_editor.fields import ProseEditorFormField

from . import (
    edit_conflicts,
    editorial_checks,
    images,
    reference_lists,
    revision_diff,
    sanitize,
    workflow,
)
from .importers import ImportFailed, references, review, sources
from .models import Article, Author, Footnote, Picture, Section
from .section_editor import EDITOR_EXTENSIONS

# What only those who may edit an article's content may change (see workflow.can_edit_content).
CONTENT_FIELDS = [
    "headline",
    "slug",
    "dek",
    "kind",
    "language",
    "translation_of",
    "lead_picture",
]


class SuggestionField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, article):
        return _("%(headline)s (shared tags: %(tags)d, shared authors: %(authors)d; %(date)s)") % {
            "headline": article.headline,
            "tags": article.shared_tags,
            "authors": article.shared_authors,
            "date": date_format(timezone.localtime(article.published_at), "DATE_FORMAT"),
        }


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


class ArticleAdminForm(forms.ModelForm):
    # Its choices are set per article by the admin (read_also.suggestions_to_curate).
    add_suggestions = SuggestionField(
        queryset=Article.objects.none(),
        required=False,
        label=gettext_lazy("Add suggested articles"),
        help_text=gettext_lazy(
            "Published articles sharing tags or authors with this one, most shared first. "
            "Ticked ones are added at the end of the read-also links when you save."
        ),
    )

    # Read at the save into footnotes after the article's (reference_lists.add_to); rendered
    # with the footnote rows (admin/articles/article/footnote_inline.html).
    reference_list = forms.CharField(
        label=gettext_lazy("Paste a reference list"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy(
            "One reference a line, as “[1] Kim, J. (2021). Title. Retrieved from https://…”. "
            "Saving adds them as footnotes, with keys made from author and year, and turns "
            "the markers [1], [2]… in the sections into citations of them."
        ),
    )

    class Meta:
        model = Article
        fields = [
            *CONTENT_FIELDS,
            "status",
            "published_at",
            "tags",
            "reading_lists",
            "read_also_suggestions",
            "lock_version",
        ]
        widgets = {
            "lock_version": forms.HiddenInput,
            "headline": forms.TextInput(attrs={"class": "vLargeTextField"}),
            "dek": forms.Textarea(attrs={"rows": 3}),
        }

    # Set by the admin when this save ran into another at the same moment (see
    # ArticleAdmin.changeform_view): the form is shown again with the text, saving nothing.
    collided = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "published_at" in self.fields:
            name_control(self.fields["published_at"], self.fields["published_at"].label)

    def clean(self):
        cleaned = super().clean()
        if self.collided:
            raise ValidationError(
                _(
                    "Someone else was saving this article at the same moment. Nothing of "
                    "yours has been saved: your text is still in the form below. Save again "
                    "to see who saved and when."
                ),
                code="edit_conflict",
            )
        if self.instance.pk:
            self._check_nobody_saved_in_between()
        field_names = set(self.fields)
        text = editorial_checks.ArticleText(
            headline=self._value("headline"),
            dek=self._value("dek"),
            lead_picture=self._value("lead_picture"),
            publishing=self._value("status") == Article.Status.PUBLISHED,
        )
        for finding in editorial_checks.review(text):
            if finding.level == editorial_checks.ERROR and finding.place == "article":
                target = finding.field if finding.field in field_names else None
                self.add_error(target, finding.message)
        return cleaned

    def clean_reference_list(self):
        # Kept on the article, as edit conflicts are, for the section rows to check against.
        self.instance.pasted_references = reference_lists.read(self.cleaned_data["reference_list"])
        return self.instance.pasted_references

    def _value(self, name):
        if name in self.cleaned_data:
            return self.cleaned_data[name]
        return getattr(self.instance, name)

    def _check_nobody_saved_in_between(self):
        # The row stays locked until the admin's transaction ends (on PostgreSQL), so a
        # concurrent save waits here and then sees this one's new version.
        current = (
            Article.objects.select_for_update(of=("self",))
            .filter(pk=self.instance.pk)
            .values("lock_version", "updated_at", "updated_by__username")
            .get()
        )
        loaded_lock = self.cleaned_data.get("lock_version")
        if loaded_lock == current["lock_version"]:
            return
        who = current["updated_by__username"] or _("Someone else")
        # Saving again after reading this message saves what the form then holds.
        self.data = self.data.copy()
        self.data[self.add_prefix("lock_version")] = current["lock_version"]
        found = self._their_changes(loaded_lock, who)
        message = _(
            "%(who)s saved this article at %(when)s, while you were editing it. "
            "Nothing of yours has been saved: your text is still in the form below."
        ) % {
            "who": who,
            "when": date_format(timezone.localtime(current["updated_at"]), "DATETIME_FORMAT"),
        }
        if found:
            message += " " + _("They changed: %(fields)s. Check them below, then save again.") % {
                "fields": ", ".join(conflict.change.label for conflict in found)
            }
            raise ValidationError(
                [message, mark_safe(edit_conflicts.summary(found, who))], code="edit_conflict"
            )
        raise ValidationError(
            message + " " + _("Save again to replace their version with yours."),
            code="edit_conflict",
        )

    def _their_changes(self, loaded_lock, who):
        """
        Name what the other person changed next to each field; where this editor had not
        changed it, the form takes their value so that saving again keeps it. The article's
        rows (sections, footnotes) do the same in their formsets, from ``edit_conflicts``.
        """
        loaded = revision_diff.version_with_lock(self.instance, loaded_lock)
        if loaded is None:
            return []
        stored = revision_diff.stored_reading(self.instance.pk)
        yours = edit_conflicts.posted_reading(self, stored)
        found = edit_conflicts.conflicts(revision_diff.revision_reading(loaded), stored, yours)
        self.instance.edit_conflicts = {conflict.key: (conflict, who) for conflict in found}
        raw = Article.objects.values(*revision_diff.ARTICLE_FIELDS).get(pk=self.instance.pk)
        for conflict in found:
            if conflict.key in self.fields:
                if conflict.outcome == edit_conflicts.TAKEN:
                    self.data[self.add_prefix(conflict.key)] = raw[conflict.key]
                self.add_error(conflict.key, edit_conflicts.field_message(conflict, who))
        return found


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


class PictureForm(forms.ModelForm):
    """A picture of the library: its file given once, when it is added."""

    class Meta:
        model = Picture
        fields = ["file", "alt", "decorative", "caption", "credit"]
        widgets = {
            "alt": forms.TextInput(attrs={"class": "vLargeTextField"}),
            "caption": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {"file": {"invalid_image": images.NOT_A_PICTURE}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields and not self.instance.file:
            self.fields["file"].required = True


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


class ImportForm(forms.Form):
    """
    First an upload, which is read and shown with the article it matches; then the
    signed result of that reading (importers.review), saved as the importer chose.
    """

    file = forms.FileField(
        label=gettext_lazy("Page or JSON file"),
        required=False,
        help_text=gettext_lazy(
            "A saved web page (HTML), a page dumped to text, or a newsroom.article/1 JSON file."
        ),
    )
    token = forms.CharField(widget=forms.HiddenInput, required=False)
    choice = forms.ChoiceField(
        label=gettext_lazy("What to do"),
        choices=[
            (review.NEW, gettext_lazy("Create a new draft")),
            (review.REPLACE, gettext_lazy("Replace the article it matches with the import")),
        ],
        widget=forms.RadioSelect,
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        cleaned = super().clean()
        upload, token = cleaned.get("file"), cleaned.get("token")
        try:
            if upload:
                cleaned["pending"] = review.pending(
                    sources.read(upload.name, upload.read()), self.user
                )
                cleaned["read"] = True
            elif token:
                cleaned["pending"] = review.from_token(token, self.user)
            else:
                raise ValidationError(_("Choose a file to import."))
        except ImportFailed as failure:
            raise ValidationError(str(failure)) from failure
        return cleaned

    def may_replace(self):
        match = self.cleaned_data["pending"].match
        return match is not None and workflow.can_replace_by_import(self.user, match)

    def preview(self):
        """What was read, ready to be shown, with the token that carries it to the save."""
        pending = self.cleaned_data["pending"]
        return {
            "document": pending.document,
            "match": pending.match,
            "may_replace": self.may_replace(),
            "differences": pending.differences() if self.may_replace() else [],
            "token": pending.token(self.user),
            "unknown_authors": [
                name
                for name in pending.document["authors"]
                if not self.user.has_perm("articles.add_author")
                and not Author.objects.filter(name=name).exists()
            ],
        }
