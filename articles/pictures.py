"""
The picture library: every picture once, with its texts and renditions, whatever shows it.

An article's lead picture and a section's figure point to a ``Picture``. Its file is
cleaned and its renditions made once, when it is saved (``images`` does the work); its
file never changes after that, so a revision that names a picture shows what it showed.
Nothing is deleted when an article stops using a picture: ``prune_pictures`` deletes
the rows and files of pictures no article, section or revision uses any more.
"""

import json
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import images
from .staging import StagedChange

# Where a revision of each model names its picture, as (app label, model, field).
REVISION_REFERENCES = [("articles", "article", "lead_picture"), ("articles", "section", "figure")]


def same_text(a, b):
    return bool(a) and " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


class PictureQuerySet(models.QuerySet):
    def unlinked(self):
        """Pictures neither an article nor a section points to (revisions aside)."""
        return self.filter(lead_of__isnull=True, figure_of__isnull=True)

    def unused(self, uploaded_before=None):
        """
        Pictures nothing uses any more: no article, no section, no revision, no unpublished
        change; uploaded before ``uploaded_before`` when given. A list: a revision names its
        picture inside its serialized text.
        """
        candidates = self.unlinked().order_by("pk")
        if uploaded_before is not None:
            candidates = candidates.filter(created_at__lt=uploaded_before)
        named = revision_picture_ids() | StagedChange.objects.picture_ids()
        return [p for p in candidates if p.pk not in named]

    def search(self, text):
        found = models.Q()
        for name in ["caption__icontains", "credit__icontains", "alt__icontains"]:
            found |= models.Q(**{name: text})
        return self.filter(found)


def revisions_naming_pictures():
    """The revisions (django-reversion's Version rows) of the models that name pictures."""
    from django.contrib.contenttypes.models import ContentType
    from reversion.models import Version

    types = [
        ContentType.objects.get_by_natural_key(app, model) for app, model, _f in REVISION_REFERENCES
    ]
    return Version.objects.filter(content_type__in=types)


def named_in(serialized_data):
    """The ids of the pictures one revision's serialized rows name."""
    fields = {f"{app}.{model}": field for app, model, field in REVISION_REFERENCES}
    return {
        row["fields"][fields[row["model"]]]
        for row in json.loads(serialized_data)
        if row.get("model") in fields and row["fields"].get(fields[row["model"]])
    }


def revision_picture_ids():
    """The ids of every picture a revision names."""
    ids = set()
    for data in revisions_naming_pictures().values_list("serialized_data", flat=True).iterator():
        ids |= named_in(data)
    return ids


class Picture(models.Model):
    file = models.ImageField(
        _("file"),
        upload_to="pictures/%Y/%m/",
        blank=True,
        db_index=True,
        validators=[images.validate_image],
        help_text=_(
            "JPEG, PNG, WebP or GIF. Location and camera data are removed on upload. "
            "A picture's file cannot be replaced: upload a new picture instead."
        ),
    )
    width = models.PositiveIntegerField(_("width"), null=True, editable=False)
    height = models.PositiveIntegerField(_("height"), null=True, editable=False)
    alt = models.CharField(
        _("alt text"),
        max_length=300,
        blank=True,
        help_text=_("What the picture shows, for readers who cannot see it."),
    )
    decorative = models.BooleanField(
        _("decorative"),
        default=False,
        help_text=_(
            "Tick only if the picture adds nothing to the story; it then needs no alt text."
        ),
    )
    caption = models.TextField(_("caption"), blank=True)
    credit = models.CharField(_("credit"), max_length=200, blank=True)
    renditions = models.JSONField(default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("uploaded by"),
    )

    objects = PictureQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("picture")
        verbose_name_plural = _("pictures")

    def __str__(self):
        text = self.caption or self.alt or self.credit
        if text:
            return text if len(text) <= 80 else text[:79] + "…"
        return self.file.name.rsplit("/", 1)[-1] if self.file else str(_("Picture without a file"))

    def save(self, *args, **kwargs):
        existed = self.pk is not None
        if self.file and not self.file._committed:
            cleaned = images.cleaned_original(self.file)
            self.file.save(cleaned.name, cleaned, save=False)
            self.renditions = images.make_renditions(self.file)
        elif not self.file:
            self.renditions = {}
        self.width = self.renditions.get("width")
        self.height = self.renditions.get("height")
        super().save(*args, **kwargs)
        if existed:
            # Its texts may have changed: so have the pages and bodies that show it.
            for article in self.uses():
                article.refresh_body()

    @property
    def rendered(self):
        """What templates print for the picture, or None while it has no file."""
        if not self.file or not self.renditions:
            return None
        return images.Rendered(self.renditions, self.file.storage)

    @property
    def thumbnail(self):
        """The narrowest JPEG rendition (its url, width and height), or None without a file."""
        rendered = self.rendered
        return rendered.renditions("jpeg")[0] if rendered else None

    @property
    def thumbnail_url(self):
        """What the admin's picture picker shows beside the picture's words."""
        return self.thumbnail["url"] if self.thumbnail else None

    @property
    def needs_alt(self):
        """A picture readers see must say what it shows, unless it is decorative."""
        return bool(self.file) and not self.decorative and not self.alt.strip()

    def alt_beside(self, *texts):
        """The alt text, empty when decorative or when a text printed beside it says it."""
        if self.decorative or any(same_text(self.alt, text) for text in texts):
            return ""
        return self.alt

    def stored_names(self):
        return images.stored_names(self.file.name, self.renditions)

    def uses(self):
        """The articles showing the picture: as their lead picture, or in a section."""
        from .models import Article

        return Article.objects.filter(
            models.Q(lead_picture=self) | models.Q(sections__figure=self)
        ).distinct()

    def revisions(self):
        """The revisions that name the picture: restoring one would show it again."""
        versions = revisions_naming_pictures().only("pk", "serialized_data", "object_repr")
        return [v for v in versions.iterator() if self.pk in named_in(v.serialized_data)]


@dataclass
class Pruned:
    """What prune() deleted, or would delete."""

    pictures: int = 0
    files: int = 0
    bytes: int = 0


def _no_progress(done, total, picture, files, size):
    pass


def prune(delete=False, uploaded_before=None, progress=_no_progress):
    """
    Delete (or with ``delete`` false, only count) the rows and files of the pictures
    nothing uses. A file another picture still names stays: a restored backup or an
    imported document can give two pictures one file.
    """
    unused = Picture.objects.unused(uploaded_before)
    going = {picture.pk for picture in unused}
    summary = Pruned()
    for done, picture in enumerate(unused, start=1):
        files, size = [], 0
        named_by = Picture.objects.filter(file=picture.file.name).values_list("pk", flat=True)
        if picture.file and set(named_by) <= going:
            storage = picture.file.storage
            files = [name for name in picture.stored_names() if storage.exists(name)]
            size = sum(storage.size(name) for name in files)
        going.discard(picture.pk)  # files shared by pictures that all go are counted once
        if delete:
            try:
                picture.delete()  # first: a picture chosen for an article since stays whole
            except models.ProtectedError:
                continue
            for name in files:
                storage.delete(name)
        summary.pictures += 1
        summary.files += len(files)
        summary.bytes += size
        progress(done, len(unused), picture, files, size)
    return summary
