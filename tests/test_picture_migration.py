"""
Migration 0019 moves the lead images and figures stored on articles and sections into the
picture library: a database made by the migration before it, with real files, comes out
with every value, file and revision kept.
"""

import json
from types import SimpleNamespace

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from reversion.models import Revision, Version

from articles import images
from articles.models import Article, Picture, Section

from .pictures import photo

BEFORE = [("articles", "0018_autosave")]


def stored(name):
    """A cleaned picture saved at ``name`` with its renditions, as the old fields kept it."""
    name = default_storage.save(name, images.cleaned_original(photo(size=(900, 600))))
    return name, images.make_renditions(SimpleNamespace(storage=default_storage, name=name))


def read(name):
    with default_storage.open(name, "rb") as file:
        return file.read()


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def old_revision(article, **fields):
    """A revision of ``article`` made before the migration, as django-reversion stored it."""
    [data] = json.loads(serializers.serialize("json", [article]))
    data["fields"].update(fields)
    return Version.objects.create(
        revision=Revision.objects.create(comment="Before the library", date_created=timezone.now()),
        object_id=str(article.pk),
        content_type=ContentType.objects.get_or_create(app_label="articles", model="article")[0],
        db="default",
        format="json",
        serialized_data=json.dumps([data]),
        object_repr=article.headline,
    )


@pytest.mark.django_db(transaction=True, reset_sequences=True)
def test_images_on_articles_and_sections_become_pictures_with_nothing_lost():
    old = migrate(BEFORE)
    OldArticle = old.get_model("articles", "Article")
    OldSection = old.get_model("articles", "Section")
    lead_name, lead_manifest = stored("lead/2026/11/harbour-abc.jpg")
    figure_name, figure_manifest = stored("figures/2026/11/chart-def.jpg")
    earlier_name, earlier_manifest = stored("lead/2026/10/earlier-ghi.jpg")
    illustrated = OldArticle.objects.create(
        headline="Harbour",
        slug="harbour",
        lead_image=lead_name,
        lead_image_renditions=lead_manifest,
        lead_image_alt="Cranes at dawn",
        lead_image_decorative=False,
        lead_image_caption="The port at six.",
        lead_image_credit="Photo: Kim",
    )
    OldSection.objects.create(
        article=illustrated,
        body="<p>Numbers.</p>",
        image=figure_name,
        image_renditions=figure_manifest,
        image_alt="",
        image_decorative=True,
        image_caption="Tonnage by year.",
        image_credit="Chart: Lee",
    )
    OldSection.objects.create(article=illustrated, body="<p>No figure.</p>", order=1)
    OldArticle.objects.create(
        headline="Imported", slug="imported", lead_image_caption="A ferry", lead_image_alt="A ferry"
    )
    OldArticle.objects.create(headline="Plain", slug="plain")
    old_revision(
        illustrated,
        lead_image=earlier_name,
        lead_image_renditions=earlier_manifest,
        lead_image_alt="Earlier alt",
        lead_image_decorative=False,
        lead_image_caption="Earlier caption",
        lead_image_credit="",
    )
    names = [
        *images.stored_names(lead_name, lead_manifest),
        *images.stored_names(figure_name, figure_manifest),
        *images.stored_names(earlier_name, earlier_manifest),
    ]
    files = {name: read(name) for name in names}

    # To the latest migration, which the models here describe.
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    article = Article.objects.get(slug="harbour")
    lead = article.lead_picture
    assert (lead.file.name, lead.renditions) == (lead_name, lead_manifest)
    assert (lead.alt, lead.decorative, lead.caption, lead.credit) == (
        "Cranes at dawn",
        False,
        "The port at six.",
        "Photo: Kim",
    )
    assert (lead.width, lead.height) == (900, 600)
    assert lead.created_at == article.created_at
    first, second = article.sections.order_by("order")
    figure = first.figure
    assert (figure.file.name, figure.renditions) == (figure_name, figure_manifest)
    assert (figure.alt, figure.decorative, figure.caption, figure.credit) == (
        "",
        True,
        "Tonnage by year.",
        "Chart: Lee",
    )
    assert second.figure is None
    words = Article.objects.get(slug="imported").lead_picture
    assert not words.file and (words.caption, words.alt) == ("A ferry", "A ferry")
    assert Article.objects.get(slug="plain").lead_picture is None
    assert {name: read(name) for name in names} == files

    # The revision names a picture of its own now, and restoring it brings it back.
    [version] = Version.objects.all()
    fields = json.loads(version.serialized_data)[0]["fields"]
    assert "lead_image" not in fields
    earlier = Picture.objects.get(pk=fields["lead_picture"])
    assert (earlier.file.name, earlier.renditions) == (earlier_name, earlier_manifest)
    assert (earlier.alt, earlier.caption) == ("Earlier alt", "Earlier caption")
    assert Picture.objects.count() == 4
    version.revision.revert()
    assert Article.objects.get(slug="harbour").lead_picture == earlier
    assert Section.objects.filter(figure=figure).exists()
