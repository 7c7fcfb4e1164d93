"""The admin's import page: a file or an address, read into a document to review."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import (
    workflow,
)
from ..importers import ImportFailed, review, sources
from ..models import Author


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
