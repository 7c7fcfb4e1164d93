import gzip

import pytest
from django.core.management import call_command
from django.test import RequestFactory
from django.test.utils import override_settings
from whitenoise.middleware import WhiteNoiseMiddleware

PRODUCTION_STATIC = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


@pytest.fixture
def collected(tmp_path, settings):
    settings.STATIC_ROOT = tmp_path / "static"
    with override_settings(STORAGES=PRODUCTION_STATIC):
        call_command("collectstatic", interactive=False, verbosity=0)
        from django.contrib.staticfiles.storage import staticfiles_storage

        yield staticfiles_storage


def serve(path, **headers):
    middleware = WhiteNoiseMiddleware(lambda request: None)
    return middleware(RequestFactory().get(path, **headers))


def test_production_static_files_are_hashed_compressed_and_cached_for_a_year(collected):
    hashed = collected.url("css/site.css")
    assert hashed != "/static/css/site.css" and hashed.endswith(".css")
    response = serve(hashed, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert (
        "max-age=315360000" in response["Cache-Control"]
        and "immutable" in response["Cache-Control"]
    )
    body = b"".join(response.streaming_content)
    assert b"word-break: keep-all" in gzip.decompress(body)
