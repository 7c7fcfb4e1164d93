"""Pictures made in the tests with Pillow: photos with metadata, broken and hostile files."""

import functools
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageCms, PngImagePlugin

GPS_IFD = 0x8825
BODY_SERIAL_NUMBER = 0xA431
ORIENTATION = 0x0112
MAKE = 0x010F
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF>'
    b'<rdf:Description photoshop:City="Seoul"/></rdf:RDF></x:xmpmeta>'
)


@functools.cache
def srgb_profile():
    # Made once: a profile carries the second it was made, and a test compares two.
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def photo(size=(120, 80), orientation=None, gps=True, name="photo.jpg", color=(30, 120, 200)):
    """A JPEG as a camera writes it: EXIF with GPS and serial number, XMP, a colour profile."""
    image = Image.new("RGB", size, color)
    # A marker in the top-left corner shows which way up the stored picture is.
    image.paste((255, 0, 0), (0, 0, size[0] // 4, size[1] // 4))
    exif = Image.Exif()
    exif[MAKE] = "Newsroom Camera"
    exif[BODY_SERIAL_NUMBER] = "SN-12345"
    if orientation:
        exif[ORIENTATION] = orientation
    if gps:
        exif[GPS_IFD] = {1: "N", 2: (37.0, 33.0, 59.0), 3: "E", 4: (126.0, 58.0, 40.0)}
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, xmp=XMP, icc_profile=srgb_profile(), quality=90)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def png_with_text(size=(60, 40), name="chart.png"):
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Somebody")
    info.add_text("Comment", "Shot at 37.5665 N, 126.9780 E")
    buffer = io.BytesIO()
    Image.new("RGBA", size, (10, 200, 90, 255)).save(buffer, "PNG", pnginfo=info)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def encoded(size, image_format, name):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 200, 200)).save(buffer, image_format)
    return SimpleUploadedFile(name, buffer.getvalue())


def truncated_jpeg():
    whole = photo(size=(400, 300), gps=False).read()
    return SimpleUploadedFile("cut.jpg", whole[: len(whole) // 2], content_type="image/jpeg")


def animated_gif():
    frames = [Image.new("RGB", (20, 20), (i * 90, 0, 255 - i * 90)) for i in range(3)]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    return SimpleUploadedFile("moving.gif", buffer.getvalue(), content_type="image/gif")


def svg_with_script():
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script>'
        b'<rect width="10" height="10"/></svg>'
    )
    return SimpleUploadedFile("logo.svg", svg, content_type="image/svg+xml")


def text_named_jpg():
    return SimpleUploadedFile(
        "notes.jpg", b"Just some words, not a picture.\n" * 20, content_type="image/jpeg"
    )


def stored_image(storage, name):
    with storage.open(name, "rb") as file:
        image = Image.open(io.BytesIO(file.read()))
        image.load()
        return image


def phone_mpo(size=(90, 60)):
    """A JPEG with a second picture inside (MPO), as many phone cameras write them."""
    buffer = io.BytesIO()
    photo_frame, depth_map = Image.new("RGB", size, (10, 140, 90)), Image.new("RGB", size)
    photo_frame.save(buffer, "MPO", save_all=True, append_images=[depth_map])
    return SimpleUploadedFile("IMG_0001.JPG", buffer.getvalue(), content_type="image/jpeg")
