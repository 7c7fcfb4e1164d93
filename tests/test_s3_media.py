"""
Media on an S3-compatible store: a real S3 API server on loopback (`make test-s3` starts
moto's standalone server and names it in NEWSROOM_TEST_S3_ENDPOINT), a bucket of each
test's own, the storage configured from environment variables as production does it.
"""

import io
import os
import urllib.request
import uuid
from urllib.parse import urlsplit

import boto3
import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse
from PIL import Image
from taggit.models import Tag

from articles.models import Article, Picture
from newsroom import media_storage

from .admin_forms import change_url, errors, form_fields, press, reload, saved, staff_user
from .factories import make_article, make_picture
from .pictures import BODY_SERIAL_NUMBER, GPS_IFD, photo, png_with_text

pytestmark = [pytest.mark.s3, pytest.mark.django_db]

ENDPOINT = os.environ.get("NEWSROOM_TEST_S3_ENDPOINT", "")


class Bucket:
    def __init__(self, endpoint):
        self.name = f"media-{uuid.uuid4().hex[:12]}"
        self.environ = {
            "AWS_STORAGE_BUCKET_NAME": self.name,
            "AWS_S3_ENDPOINT_URL": endpoint,
            "AWS_S3_REGION_NAME": "us-east-1",
            "AWS_ACCESS_KEY_ID": "newsroom-test",
            "AWS_SECRET_ACCESS_KEY": "newsroom-test-secret",
            "AWS_S3_ADDRESSING_STYLE": "path",
            "AWS_DEFAULT_ACL": "public-read",
        }
        self.client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id="newsroom-test",
            aws_secret_access_key="newsroom-test-secret",
        )
        self.client.create_bucket(Bucket=self.name)

    def names(self):
        listing = self.client.list_objects_v2(Bucket=self.name)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    def read(self, name):
        return self.client.get_object(Bucket=self.name, Key=name)["Body"].read()

    def empty(self):
        for name in self.names():
            self.client.delete_object(Bucket=self.name, Key=name)


def use(settings, bucket):
    settings.STORAGES = {**settings.STORAGES, "default": media_storage.storage(bucket.environ)}


@pytest.fixture
def bucket(settings):
    if not ENDPOINT:
        if os.environ.get("CI"):
            pytest.fail("NEWSROOM_TEST_S3_ENDPOINT must be set in CI (make test-s3 sets it).")
        pytest.skip("No S3 server: run `make test-s3`, which starts one on loopback.")
    bucket = Bucket(ENDPOINT)
    use(settings, bucket)
    yield bucket
    bucket.empty()
    bucket.client.delete_bucket(Bucket=bucket.name)


@pytest.fixture
def editor(client, django_user_model):
    client.force_login(staff_user(django_user_model, "Editor"))
    return client


def upload_through_the_admin(client, article, file):
    """Uploaded to the picture library, then chosen as the live article's lead picture."""
    response = client.post(reverse("admin:articles_picture_add"), {"file": file, "alt": "A"})
    assert saved(response), errors(response)
    data = form_fields(client.get(change_url(article)))
    picture = Picture.objects.latest("pk")
    response = client.post(
        change_url(article), press({**data, "lead_picture": picture.pk}, "publish")
    )
    assert saved(response), errors(response)
    return reload(article)


def prune():
    call_command("prune_pictures", "--delete", "--min-age-hours=0", stdout=io.StringIO())


def test_the_file_system_stays_the_default_without_a_bucket():
    assert media_storage.storage({})["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert media_storage.origins({}) == []


def test_an_admin_upload_stores_the_picture_and_its_renditions_in_the_bucket(editor, bucket):
    article = upload_through_the_admin(editor, make_article("Harbour at dawn"), photo((900, 600)))
    stored = bucket.names()
    assert article.lead_picture.file.name in stored
    renditions = [name for name in stored if "/renditions/" in name]
    assert len(renditions) == 3 * 2 + 4  # 480, 800 and 900 wide in WebP and JPEG; 4 crops
    assert set(stored) == {article.lead_picture.file.name, *renditions}


@pytest.mark.parametrize("upload", [lambda: photo((900, 600), orientation=6), png_with_text])
def test_no_stored_file_keeps_the_uploads_metadata(editor, bucket, upload):
    upload_through_the_admin(editor, make_article(), upload())
    for name in bucket.names():
        image = Image.open(io.BytesIO(bucket.read(name)))
        exif = image.getexif()
        assert GPS_IFD not in exif and BODY_SERIAL_NUMBER not in exif, name
        assert not {"xmp", "XML:com.adobe.xmp", "Author", "Comment"} & set(image.info), name


def test_reader_pages_point_srcset_at_the_store_and_the_store_serves_them(editor, bucket, client):
    article = upload_through_the_admin(editor, make_article("Night market"), photo((900, 600)))
    client.logout()
    page = BeautifulSoup(client.get(article.get_absolute_url()).text, "html.parser")
    urls = [page.find("img")["src"]]
    for tag in page.find("picture").find_all(["source", "img"]):
        urls += [candidate.split()[0] for candidate in tag["srcset"].split(",")]
    assert len(urls) == 1 + 3 + 3
    allowed = media_storage.origins(bucket.environ)
    for url in urls:
        assert url.startswith(f"{ENDPOINT}/{bucket.name}/"), url
        parts = urlsplit(url)
        assert f"{parts.scheme}://{parts.netloc}" in allowed
        with urllib.request.urlopen(url) as response:
            Image.open(io.BytesIO(response.read())).verify()


def test_a_custom_domain_serves_media_and_is_the_only_origin_allowed(bucket, settings):
    environ = {**bucket.environ, "AWS_S3_CUSTOM_DOMAIN": "media.news.example"}
    settings.STORAGES = {**settings.STORAGES, "default": media_storage.storage(environ)}
    article = make_article(lead_picture=make_picture(photo(), alt="A"))
    assert article.lead_picture.file.url.startswith("https://media.news.example/pictures/")
    assert media_storage.origins(environ) == ["https://media.news.example"]


def test_prune_pictures_deletes_replaced_and_removed_pictures_from_the_bucket(bucket):
    article = make_article(
        "Ferry terminal", lead_picture=make_picture(photo(name="first.jpg"), alt="A")
    )
    first = bucket.names()
    article.lead_picture = make_picture(photo(name="second.jpg"), alt="B")
    article.save()
    assert set(first) < set(bucket.names())
    prune()
    second = bucket.names()
    assert len(second) == len(first) and not set(first) & set(second)

    article.lead_picture = None
    article.save()
    prune()
    assert bucket.names() == []
    assert not Picture.objects.exists()


def test_a_picture_an_admin_revision_shows_stays_in_the_bucket_after_prune(editor, bucket):
    article = make_article("Ferry terminal")
    first = upload_through_the_admin(editor, article, photo(name="first.jpg")).lead_picture
    upload_through_the_admin(editor, article, photo(name="second.jpg"))
    prune()
    assert first.file.name in bucket.names()


def test_backup_and_restore_bring_back_every_file_in_the_store(bucket, settings, tmp_path):
    article = make_article(
        "Rail strike ends", lead_picture=make_picture(photo((900, 600)), alt="A")
    )
    before = {name: bucket.read(name) for name in bucket.names()}
    page = article.get_absolute_url()
    call_command("backup", str(tmp_path / "backup"), stdout=io.StringIO())

    # Pictures last: articles and sections keep theirs from being deleted.
    for model in sorted(apps.get_app_config("articles").get_models(), key=lambda m: m is Picture):
        model.objects.all().delete()
    Tag.objects.all().delete()
    bucket.empty()
    call_command("restore", str(tmp_path / "backup"), stdout=io.StringIO())

    assert {name: bucket.read(name) for name in bucket.names()} == before
    restored = Article.objects.get()
    assert restored.get_absolute_url() == page
    assert restored.lead_picture.file.name in before
