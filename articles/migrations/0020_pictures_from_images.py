"""
Every lead image and figure becomes a Picture row, with nothing lost: its file (which stays
where it is, so every page keeps its addresses), renditions, alt text, decorative flag,
caption and credit. Revisions are rewritten the same way, so restoring one made before
this migration brings its picture back. Pictures with the same file and words are one row.
"""

import json

from django.db import migrations

from articles.workflow import sync_roles

# model: (its picture's field, {former field: the picture's field})
FORMER_FIELDS = {
    "article": (
        "lead_picture",
        {
            "lead_image": "file",
            "lead_image_renditions": "renditions",
            "lead_image_alt": "alt",
            "lead_image_decorative": "decorative",
            "lead_image_caption": "caption",
            "lead_image_credit": "credit",
        },
    ),
    "section": (
        "figure",
        {
            "image": "file",
            "image_renditions": "renditions",
            "image_alt": "alt",
            "image_decorative": "decorative",
            "image_caption": "caption",
            "image_credit": "credit",
        },
    ),
}
WORDS = ["file", "alt", "caption", "credit"]


class Pictures:
    """Picture rows made from former fields' values, one per file and words."""

    def __init__(self, apps):
        self.model = apps.get_model("articles", "Picture")
        self.made = {}

    def id_for(self, values, created_at=None):
        if not any(values.get(name) for name in WORDS):
            return None
        values = {**values, "file": values.get("file") or "", "renditions": values.get("renditions") or {}}
        key = json.dumps(values, sort_keys=True)
        if key not in self.made:
            picture = self.model.objects.create(
                width=values["renditions"].get("width"),
                height=values["renditions"].get("height"),
                **values,
            )
            if created_at is not None:
                self.model.objects.filter(pk=picture.pk).update(created_at=created_at)
            self.made[key] = picture.pk
        return self.made[key]


def _revisions(apps, model):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Version = apps.get_model("reversion", "Version")
    kind = ContentType.objects.filter(app_label="articles", model=model).first()
    return Version.objects.filter(content_type=kind, format="json") if kind else Version.objects.none()


def forward(apps, schema_editor):
    pictures = Pictures(apps)
    for model_name, (target, former) in FORMER_FIELDS.items():
        model = apps.get_model("articles", model_name)
        for row in model.objects.order_by("pk").iterator():
            values = {new: getattr(row, old) for old, new in former.items()}
            values["file"] = values["file"].name or ""
            created_at = getattr(row, "created_at", None) or getattr(row.article, "created_at", None)
            picture_id = pictures.id_for(values, created_at)
            model.objects.filter(pk=row.pk).update(**{f"{target}_id": picture_id})
        for version in _revisions(apps, model_name).iterator():
            rows = json.loads(version.serialized_data)
            for stored in rows:
                fields = stored["fields"]
                if stored.get("model") == f"articles.{model_name}" and next(iter(former)) in fields:
                    values = {new: fields.pop(old, None) for old, new in former.items()}
                    values["decorative"] = bool(values["decorative"])
                    fields[target] = pictures.id_for(values)
            version.serialized_data = json.dumps(rows)
            version.save(update_fields=["serialized_data"])


BLANK = {"file": "", "renditions": {}, "alt": "", "decorative": False, "caption": "", "credit": ""}


def _former_values(picture, former):
    values = {new: getattr(picture, new) for new in BLANK} if picture else dict(BLANK)
    values["file"] = picture.file.name if picture else ""
    return {old: values[new] for old, new in former.items()}


def backward(apps, schema_editor):
    Picture = apps.get_model("articles", "Picture")
    for model_name, (target, former) in FORMER_FIELDS.items():
        model = apps.get_model("articles", model_name)
        for row in model.objects.exclude(**{f"{target}__isnull": True}).select_related(target):
            picture = getattr(row, target)
            model.objects.filter(pk=row.pk).update(**_former_values(picture, former))
        for version in _revisions(apps, model_name).iterator():
            rows = json.loads(version.serialized_data)
            for stored in rows:
                fields = stored["fields"]
                if stored.get("model") == f"articles.{model_name}" and target in fields:
                    fields.update(_former_values(Picture.objects.filter(pk=fields.pop(target)).first(), former))
            version.serialized_data = json.dumps(rows)
            version.save(update_fields=["serialized_data"])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0019_picture"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
    ]

    operations = [
        migrations.RunPython(forward, backward),
        migrations.RunPython(sync_roles, migrations.RunPython.noop),
    ]
