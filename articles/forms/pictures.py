"""The picture library's form."""

from django import forms

from .. import (
    images,
)
from ..models import Picture


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
