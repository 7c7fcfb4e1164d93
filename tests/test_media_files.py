"""Pictures served by the site itself, as `make serve` on one machine needs."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from articles import images

from .factories import make_article
from .pictures import photo

pytestmark = pytest.mark.django_db


def test_a_lead_picture_and_its_renditions_are_served_with_lasting_headers(client):
    article = make_article("Pictured story")
    article.lead_image = photo(size=(900, 600), name="street.jpg")
    article.save()
    names = images.stored_names(article.lead_image.name, article.lead_image_renditions)
    assert len(names) > 5
    for name in names:
        response = client.get(f"/media/{name}")
        assert response.status_code == 200, name
        assert response["Content-Type"] in {"image/jpeg", "image/webp"}
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "immutable" in response["Cache-Control"]
        with default_storage.open(name, "rb") as stored:
            assert b"".join(response.streaming_content) == stored.read()


@pytest.mark.parametrize(
    "path",
    ["missing.jpg", "../newsroom/settings.py", "..%2Fnewsroom%2Fsettings.py", "notes.html"],
)
def test_nothing_but_stored_pictures_is_served(client, path):
    default_storage.save("notes.html", ContentFile(b"<script>alert(1)</script>"))
    assert client.get(f"/media/{path}").status_code == 404


def test_a_site_whose_web_server_serves_media_turns_it_off(client, settings):
    name = default_storage.save("kept.jpg", photo(name="kept.jpg"))
    assert client.get(f"/media/{name}").status_code == 200
    settings.NEWSROOM_SERVE_MEDIA = False
    assert client.get(f"/media/{name}").status_code == 404


def test_media_answer_only_reads(client):
    name = default_storage.save("kept.jpg", photo(name="kept.jpg"))
    assert client.post(f"/media/{name}").status_code == 405
