"""
Pictures editors upload: validated, cleaned and resized here, and only here.

Only this module imports Pillow. An upload is checked by decoding it, not by its
name; the stored original has the EXIF orientation applied and every piece of
metadata removed (GPS position, camera serial numbers, XMP, IPTC, text chunks)
except the colour profile. Renditions are made once, when the picture is saved,
through Django's storage API, and described by a small manifest kept on the
picture's row (articles/pictures.py), so a page view neither decodes nor lists files.
"""

import io
import math
import secrets
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, ImageOps, UnidentifiedImageError

NOT_A_PICTURE = gettext_lazy(
    "This file is not a picture we can use (JPEG, PNG, WebP or GIF), or it is damaged."
)
ACCEPTED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif", "MPO": "jpg"}
# Phone cameras write JPEGs with a second picture (depth map, preview) inside, which Pillow
# reads as MPO: the first picture is the photo, stored as a plain JPEG.
STORED_AS = {"MPO": "JPEG"}
ORIGINAL_QUALITY = {
    "JPEG": {"quality": 92},
    "WEBP": {"quality": 92},
    "PNG": {"optimize": True},
}
RENDITION_FORMATS = {"webp": "WEBP", "jpeg": "JPEG"}
_BAND_PIXELS = 4_000_000  # pixels of the original resized at a time (see _scaled)
EXTENSIONS = {"webp": "webp", "jpeg": "jpg"}
# Raise Pillow's own decompression-bomb guard to ours, so ours speaks first.
Image.MAX_IMAGE_PIXELS = None


def _max_pixels():
    return settings.NEWSROOM_IMAGE_MAX_PIXELS


def validate_image(file):
    """Refuse anything but a whole, static JPEG, PNG, WebP or GIF within the limits."""
    if file.size > settings.NEWSROOM_IMAGE_MAX_BYTES:
        raise ValidationError(
            _("This file is %(size)s; pictures may be at most %(limit)s.")
            % {
                "size": filesizeformat(file.size),
                "limit": filesizeformat(settings.NEWSROOM_IMAGE_MAX_BYTES),
            },
            code="too_large",
        )
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with Image.open(file) as image:
            if image.format not in ACCEPTED_FORMATS:
                raise ValidationError(
                    _("Pictures must be JPEG, PNG, WebP or GIF; this one is %(format)s.")
                    % {"format": image.format},
                    code="format",
                )
            width, height = image.size
            if width * height > _max_pixels():
                raise ValidationError(
                    _(
                        "This picture is %(width)d×%(height)d pixels; pictures may have at "
                        "most %(limit)d megapixels."
                    )
                    % {"width": width, "height": height, "limit": _max_pixels() // 1_000_000},
                    code="too_many_pixels",
                )
            if getattr(image, "n_frames", 1) > 1 and image.format not in STORED_AS:
                raise ValidationError(
                    _("Animated pictures are not accepted: upload a still image."),
                    code="animated",
                )
            image.load()  # decodes every pixel: a truncated or corrupt file fails here
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(NOT_A_PICTURE, code="not_a_picture") from error
    finally:
        file.seek(position)


def cleaned_original(file):
    """The upload upright and without metadata, the colour profile kept, as a new file."""
    file.seek(0)
    with Image.open(file) as image:
        source_format = STORED_AS.get(image.format, image.format)
        icc_profile = image.info.get("icc_profile")
        transparency = image.info.get("transparency")
        # In place: a copy would double the memory a large picture takes.
        ImageOps.exif_transpose(image, in_place=True)
        # Its pixels only: what the camera or editor wrote travels in info, and goes.
        image.info = {}
        options = {}
        if icc_profile:
            options["icc_profile"] = icc_profile
        if transparency is not None:
            options["transparency"] = transparency
        options.update(ORIGINAL_QUALITY.get(source_format, {}))
        buffer = io.BytesIO()
        image.save(buffer, format=source_format, **options)
    # A name nobody can guess: embargoed stories' pictures are only as private as their URL.
    stem = PurePosixPath(file.name).stem[:40] or "picture"
    name = f"{stem}-{secrets.token_urlsafe(16)}.{ACCEPTED_FORMATS[source_format]}"
    return ContentFile(buffer.getvalue(), name=name)


def _rendition_name(original_name, label, extension):
    path = PurePosixPath(original_name)
    return str(path.parent / "renditions" / f"{path.stem}-{label}.{extension}")


def _encode(image, image_format, icc_profile):
    buffer = io.BytesIO()
    options = {"quality": 82}
    if icc_profile:
        options["icc_profile"] = icc_profile
    if image_format == "JPEG":
        image = image.convert("RGB")
        options.update(optimize=True, progressive=True)
    elif image_format == "WEBP":
        options.update(method=4)
    image.save(buffer, format=image_format, **options)
    return buffer.getvalue()


def _needed_size(size, widths, crops):
    """The smallest size of the original that still serves every width and crop."""
    width, height = size
    scale = max([max(widths) / width] + [max(cw / width, ch / height) for cw, ch in crops.values()])
    if scale >= 1:
        return size
    return (max(1, round(width * scale)), max(1, round(height * scale)))


def _scaled(image, size):
    """
    ``image`` resized to ``size``, a band of rows at a time: resizing RGBA makes a
    premultiplied copy of what it resizes, which for a whole large picture would double
    the memory it takes. Each band is cut with the rows the filter reaches beyond it, so
    the result is the same as resizing at once.
    """
    if image.mode != "RGBA":
        return image.resize(size, Image.LANCZOS, reducing_gap=3.0)
    width, height = image.size
    scale = height / size[1]
    reach = math.ceil(3 * scale) + 1  # LANCZOS looks three pixels of the result each way
    rows = max(1, int(_BAND_PIXELS / (width * scale)))  # rows of the result per band
    result = Image.new("RGBA", size)
    for top in range(0, size[1], rows):
        bottom = min(size[1], top + rows)
        first, last = top * scale, bottom * scale
        cut_top = max(0, math.floor(first) - reach)
        cut_bottom = min(height, math.ceil(last) + reach)
        band = image.crop((0, cut_top, width, cut_bottom))
        box = (0, first - cut_top, width, last - cut_top)
        result.paste(band.resize((size[0], bottom - top), Image.LANCZOS, box=box), (0, top))
    return result


def make_renditions(field_file):
    """
    Store the renditions of a stored original and return their manifest: responsive
    widths in every rendition format (never wider than the original), and the crops
    named in NEWSROOM_IMAGE_CROPS (the social card among them).
    """
    storage = field_file.storage
    crops = settings.NEWSROOM_IMAGE_CROPS
    with storage.open(field_file.name, "rb") as source, Image.open(source) as image:
        width, height = image.size
        widths = sorted(
            {w for w in settings.NEWSROOM_IMAGE_WIDTHS if w < width}
            | {min(width, max(settings.NEWSROOM_IMAGE_WIDTHS))}
        )
        # Every rendition is made from a copy just large enough for the largest of them:
        # JPEG decodes straight to a fraction of its size, the rest is resized once.
        needed = _needed_size(image.size, widths, crops)
        image.draft("RGB", needed)
        image.load()
        icc_profile = image.info.get("icc_profile")
        if image.mode not in {"RGB", "RGBA"}:
            image = image.convert("RGBA" if "transparency" in image.info else "RGB")
        if image.size != needed:
            image = _scaled(image, needed)
    manifest = {"width": width, "height": height, "widths": {fmt: [] for fmt in RENDITION_FORMATS}}
    for target in widths:
        size = (target, max(1, round(height * target / width)))
        resized = image if size == image.size else image.resize(size, Image.LANCZOS)
        for fmt, pillow_format in RENDITION_FORMATS.items():
            name = _rendition_name(field_file.name, f"w{target}", EXTENSIONS[fmt])
            name = storage.save(name, ContentFile(_encode(resized, pillow_format, icc_profile)))
            manifest["widths"][fmt].append([size[0], size[1], name])
    manifest["crops"] = {}
    for label, (crop_width, crop_height) in crops.items():
        # The crop's shape always; its size only as far as the original allows.
        scale = min(1, width / crop_width, height / crop_height)
        size = (max(1, round(crop_width * scale)), max(1, round(crop_height * scale)))
        name = storage.save(
            _rendition_name(field_file.name, label, "jpg"),
            ContentFile(_encode(ImageOps.fit(image, size, Image.LANCZOS), "JPEG", icc_profile)),
        )
        manifest["crops"][label] = [size[0], size[1], name]
    return manifest


def stored_names(original_name, manifest):
    names = [original_name] if original_name else []
    for entries in (manifest or {}).get("widths", {}).values():
        names += [entry[2] for entry in entries]
    names += [entry[2] for entry in (manifest or {}).get("crops", {}).values()]
    return names


def delete_files(storage, original_name, manifest):
    for name in stored_names(original_name, manifest):
        storage.delete(name)


@dataclass(frozen=True)
class Rendered:
    """What a template needs to print a <picture> from a manifest."""

    manifest: dict
    storage: object

    def renditions(self, fmt):
        """Every width made in ``fmt`` ("webp" or "jpeg"), narrowest first."""
        return [
            {"url": self.storage.url(name), "width": width, "height": height}
            for width, height, name in self.manifest["widths"].get(fmt, [])
        ]

    def _srcset(self, fmt):
        return ", ".join(f"{r['url']} {r['width']}w" for r in self.renditions(fmt))

    @property
    def webp_srcset(self):
        return self._srcset("webp")

    @property
    def jpeg_srcset(self):
        return self._srcset("jpeg")

    @property
    def src(self):
        entries = self.manifest["widths"]["jpeg"]
        fallback = next((e for e in entries if e[0] >= 800), entries[-1])
        return self.storage.url(fallback[2])

    @property
    def width(self):
        return self.manifest["width"]

    @property
    def height(self):
        return self.manifest["height"]

    def crop(self, label):
        width, height, name = self.manifest["crops"][label]
        return {"url": self.storage.url(name), "width": width, "height": height}

    @property
    def crops(self):
        return {label: self.crop(label) for label in self.manifest.get("crops", {})}
