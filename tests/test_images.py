from pathlib import PurePosixPath

import pytest
from django.urls import reverse
from PIL import Image

from articles.models import Article, Picture, Section

from .admin_forms import change_url, errors, form_fields, saved, staff_user
from .factories import add_section, make_article, make_picture
from .html import page
from .pictures import (
    BODY_SERIAL_NUMBER,
    GPS_IFD,
    animated_gif,
    encoded,
    phone_mpo,
    photo,
    png_with_text,
    srgb_profile,
    stored_image,
    svg_with_script,
    text_named_jpg,
    truncated_jpeg,
)

pytestmark = pytest.mark.django_db


def files_under(root):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def article_with(upload, **picture_fields):
    return make_article(lead_picture=make_picture(upload, alt="A picture", **picture_fields))


# Cleaning the original


def test_exif_rotated_photo_is_stored_upright():
    # Orientation 6: the camera was turned; the picture must be shown rotated 90° clockwise.
    article = article_with(photo(size=(120, 80), orientation=6))
    image = stored_image(article.lead_picture.file.storage, article.lead_picture.file.name)
    assert image.size == (80, 120)
    assert image.getpixel((image.width - 5, 5))[0] > 200  # the red corner moved to the top right
    assert "orientation" not in {str(k).lower() for k in image.getexif()}
    assert article.lead_picture.renditions["width"] == 80


def test_gps_serial_number_and_xmp_are_removed():
    article = article_with(photo())
    storage = article.lead_picture.file.storage
    for name in article.lead_picture.stored_names():
        image = stored_image(storage, name)
        exif = image.getexif()
        assert GPS_IFD not in exif and BODY_SERIAL_NUMBER not in exif
        assert len(exif) == 0
        assert "xmp" not in image.info and "exif" not in image.info
        with storage.open(name, "rb") as file:
            raw = file.read()
        assert b"Seoul" not in raw and b"SN-12345" not in raw and b"Newsroom Camera" not in raw


def test_colour_profile_is_kept():
    article = article_with(photo())
    image = stored_image(article.lead_picture.file.storage, article.lead_picture.file.name)
    assert image.info["icc_profile"] == srgb_profile()


def test_png_text_chunks_are_removed_and_transparency_kept():
    article = article_with(png_with_text())
    image = stored_image(article.lead_picture.file.storage, article.lead_picture.file.name)
    assert image.text == {}
    assert image.mode == "RGBA"


# Renditions


def test_renditions_in_every_width_and_format_never_upscaled(settings):
    settings.NEWSROOM_IMAGE_WIDTHS = (480, 800, 1200, 1600)
    article = article_with(photo(size=(1000, 500), gps=False))
    manifest = article.lead_picture.renditions
    storage = article.lead_picture.file.storage
    for fmt, pillow_format in {"jpeg": "JPEG", "webp": "WEBP"}.items():
        sizes = []
        for width, height, name in manifest["widths"][fmt]:
            image = stored_image(storage, name)
            assert image.format == pillow_format
            assert image.size == (width, height)
            sizes.append(image.size)
        assert sizes == [(480, 240), (800, 400), (1000, 500)]


def test_social_card_and_structured_data_crops():
    article = article_with(photo(size=(2400, 1600), gps=False))
    storage = article.lead_picture.file.storage
    expected = {"social": (1200, 630), "16x9": (1200, 675), "4x3": (1200, 900), "1x1": (1200, 1200)}
    for label, size in expected.items():
        width, height, name = article.lead_picture.renditions["crops"][label]
        assert stored_image(storage, name).size == size == (width, height)


def test_small_picture_crops_keep_their_shape_without_upscaling():
    article = article_with(photo(size=(300, 200), gps=False))
    width, height, _name = article.lead_picture.renditions["crops"]["social"]
    assert (width, height) == (300, 158)


def test_renditions_are_made_once_not_per_request(client, media_root):
    article = article_with(photo(gps=False))
    before = files_under(media_root)
    for _ in range(3):
        client.get(article.get_absolute_url())
    article.headline = "New headline"
    article.save()
    assert files_under(media_root) == before


# Replacing and removing


def test_replacing_a_picture_keeps_its_files_for_prune_pictures(media_root):
    article = article_with(photo(name="first.jpg", gps=False))
    first_files = files_under(media_root)
    assert len(first_files) == 1 + 2 + 4  # original, its width in 2 formats, 4 crops
    article.lead_picture = make_picture(photo(name="second.jpg", gps=False), alt="Second")
    article.save()
    assert set(first_files) < set(files_under(media_root))


def test_deleting_a_section_leaves_its_picture_in_the_library(media_root):
    article = make_article()
    picture = make_picture(photo(gps=False), alt="A")
    section = Section(article=article, body="<p>Text</p>", figure=picture)
    section.save()
    files = files_under(media_root)
    Section.objects.get(pk=section.pk).delete()
    assert files_under(media_root) == files
    assert Picture.objects.get(pk=picture.pk).file


# The admin refuses what is not a usable picture


@pytest.fixture
def editor(client, django_user_model):
    client.force_login(staff_user(django_user_model, "Editor"))
    return client


def upload(client, file, **fields):
    """An upload to the picture library, as from its "Add picture" page."""
    return client.post(
        reverse("admin:articles_picture_add"), {"file": file, "alt": "Alt", **fields}
    )


@pytest.mark.parametrize(
    "bad_file, message",
    [
        (truncated_jpeg, "is not a picture we can use"),
        (svg_with_script, "is not a picture we can use"),
        (text_named_jpg, "is not a picture we can use"),
        (animated_gif, "Animated pictures are not accepted"),
        (lambda: encoded((20, 20), "BMP", "old.bmp"), "Pictures must be JPEG, PNG, WebP or GIF"),
    ],
)
def test_unusable_files_are_refused_with_a_form_error(editor, media_root, bad_file, message):
    response = upload(editor, bad_file())
    assert response.status_code == 200
    assert any(message in error for error in errors(response)), errors(response)
    assert not Picture.objects.exists()
    assert files_under(media_root) == []


def test_picture_over_the_pixel_limit_is_refused(editor, settings, media_root):
    settings.NEWSROOM_IMAGE_MAX_PIXELS = 1_000_000
    response = upload(editor, encoded((1200, 1000), "PNG", "huge.png"))
    assert any("at most 1 megapixels" in e for e in errors(response)), errors(response)
    assert files_under(media_root) == []


def test_file_over_the_size_limit_is_refused(editor, settings):
    settings.NEWSROOM_IMAGE_MAX_BYTES = 1000
    response = upload(editor, photo(size=(400, 300)))
    assert any("pictures may be at most 1000" in e for e in errors(response)), errors(response)


def test_upload_through_the_admin_is_cleaned(editor):
    response = upload(editor, photo(orientation=6))
    assert saved(response), errors(response)
    picture = Picture.objects.get()
    image = stored_image(picture.file.storage, picture.file.name)
    assert image.size == (80, 120) and len(image.getexif()) == 0
    assert (picture.width, picture.height) == (80, 120)


def test_a_phone_photo_with_a_second_picture_inside_is_accepted_as_its_first(editor):
    upload_file = phone_mpo()
    assert Image.open(upload_file).format == "MPO"
    upload_file.seek(0)
    response = upload(editor, upload_file)
    assert saved(response), errors(response)
    picture = Picture.objects.get()
    image = stored_image(picture.file.storage, picture.file.name)
    assert image.format == "JPEG" and image.size == (90, 60)
    assert image.getpixel((5, 5))[1] > 100  # the photo, not the black second picture


def test_stored_picture_names_cannot_be_guessed_from_the_upload(editor):
    """The attack: an embargoed story's picture sat at lead/2026/12/assembly.jpg."""
    upload(editor, photo(name="assembly.jpg"))
    name = PurePosixPath(Picture.objects.get().file.name).name
    assert name.startswith("assembly-") and len(name) > len("assembly-.jpg") + 20
    other = make_picture(photo(name="assembly.jpg"))
    assert PurePosixPath(other.file.name).name != name


def test_section_figure_needs_alt_text_to_publish(editor):
    article = make_article("Picture desk", published=False)
    add_section(article, "<p>Text.</p>")
    data = form_fields(editor.get(change_url(article)))
    figure = make_picture(photo(gps=False))
    data.update({"sections-0-figure": figure.pk, "_workflow": "publish"})
    response = editor.post(change_url(article), data)
    assert not saved(response)
    assert any("write alt text for the figure" in e for e in errors(response)), errors(response)


# What readers get


def test_lead_picture_is_responsive_eager_and_sized(client):
    article = article_with(photo(size=(1600, 900), gps=False), credit="Photo: Kim")
    soup = page(client.get(article.get_absolute_url()))
    picture = soup.select_one("figure.lead-image picture")
    source = picture.source
    img = picture.img
    assert source["type"] == "image/webp"
    assert [part.split()[-1] for part in source["srcset"].split(", ")] == [
        "480w",
        "800w",
        "1200w",
        "1600w",
    ]
    assert ".webp" in source["srcset"] and ".jpg" in img["srcset"]
    assert img["sizes"] and (img["width"], img["height"]) == ("1600", "900")
    assert img["fetchpriority"] == "high" and not img.has_attr("loading")
    assert "Photo: Kim" in soup.select_one("figure.lead-image figcaption").get_text()


def test_section_figure_is_lazy(client):
    article = make_article()
    section = Section(
        article=article, body="<p>Text</p>", figure=make_picture(photo(gps=False), alt="A chart")
    )
    section.save()
    img = page(client.get(article.get_absolute_url())).select_one("figure.section-figure img")
    assert img["loading"] == "lazy" and img["alt"] == "A chart"


def test_decorative_picture_has_empty_alt(client):
    article = make_article(lead_picture=make_picture(photo(gps=False), decorative=True))
    img = page(client.get(article.get_absolute_url())).select_one("figure.lead-image img")
    assert img["alt"] == ""


def test_stored_picture_files_are_real_images_served_as_images(client, settings):
    article = article_with(photo(gps=False))
    assert Image.open(article.lead_picture.file.path).format == "JPEG"
    assert Article.objects.get(pk=article.pk).lead_rendered.src.endswith(".jpg")


def test_social_card_is_announced_to_link_previews(client):
    article = article_with(photo(size=(2400, 1600), gps=False))
    soup = page(client.get(article.get_absolute_url()))
    meta = {
        tag.get("property") or tag.get("name"): tag["content"]
        for tag in soup.find_all("meta", content=True)
    }
    assert meta["og:image"].startswith("http://testserver/media/") and "social" in meta["og:image"]
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
    assert meta["twitter:card"] == "summary_large_image"


def test_large_transparent_pictures_are_resized_a_band_at_a_time_with_the_same_result(
    monkeypatch,
):
    """Bands bound the memory a big RGBA picture takes (bench/images.py), not what it looks like."""
    from PIL import ImageChops, ImageDraw

    from articles import images

    picture = Image.new("RGBA", (1500, 1100), (0, 0, 0, 0))
    draw = ImageDraw.Draw(picture)
    for n in range(0, 1500, 23):
        draw.line([(n, 0), (1500 - n, 1100)], fill=(n % 255, 100, 200, n % 256), width=5)
    monkeypatch.setattr(images, "_BAND_PIXELS", 50_000)  # dozens of bands
    banded = images._scaled(picture, (480, 352))
    assert (
        ImageChops.difference(banded, picture.resize((480, 352), Image.LANCZOS)).getbbox() is None
    )
