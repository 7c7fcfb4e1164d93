"""The article's own form: its fields, the edit-conflict check and article-level errors."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import (
    edit_conflicts,
    editorial_checks,
    reference_lists,
    revision_diff,
)
from ..models import Article
from .parts import name_control

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
            "dek": forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField"}),
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
