"""
How long turning a 24-megapixel photo into every rendition takes, against the time
Pillow alone takes to decode and re-encode it once, both measured in this run; then
the most memory one worker needs for a 7000x7000 PNG (49 megapixels, within the limit),
against what decoding it once takes, each in a process of its own.

    .venv/bin/python bench/images.py [--repeat 3]

Prints both medians and their ratio, then both peaks and theirs. Uses a temporary
media folder.
"""

import argparse
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")


def photo_24mp():
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (6000, 4000), (40, 90, 140))
    draw = ImageDraw.Draw(image)
    for n in range(0, 6000, 37):  # detail, so the encoder has real work to do
        draw.line([(n, 0), (6000 - n, 4000)], fill=(n % 255, 200 - n % 150, 90), width=3)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def peak_megabytes(stage, png):
    """The peak memory a fresh process adds while running ``stage`` on the PNG file."""
    output = subprocess.run(
        [sys.executable, __file__, "--peak", stage, png], capture_output=True, text=True, check=True
    )
    return int(output.stdout.split()[-1])


def high_water_megabytes():
    # The kernel's own peak for this process (Linux): unlike ru_maxrss, it starts afresh at exec.
    status = Path("/proc/self/status").read_text()
    return (
        int(next(line for line in status.splitlines() if line.startswith("VmHWM:")).split()[1])
        // 1024
    )


def run_stage(stage, png):
    import django

    django.setup()
    from django.core.files.storage import default_storage
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from articles import images

    data = Path(png).read_bytes()
    before = high_water_megabytes()
    if stage == "decode":
        with Image.open(io.BytesIO(data)) as image:
            image.load()
    else:
        upload = SimpleUploadedFile("big.png", data)
        images.validate_image(upload)
        stored = SimpleNamespace(
            name=default_storage.save("bench/big.png", images.cleaned_original(upload)),
            storage=default_storage,
        )
        images.delete_files(default_storage, stored.name, images.make_renditions(stored))
    print(high_water_megabytes() - before)


def memory(media):
    from PIL import Image

    png = str(Path(media) / "big.png")
    Image.new("RGBA", (7000, 7000), (40, 90, 140, 200)).save(png)
    decode, pipeline = peak_megabytes("decode", png), peak_megabytes("pipeline", png)
    print("Peak memory, 7000x7000 RGBA PNG, each in a fresh process:")
    print(f"  Pillow decode once: {decode} MB")
    print(f"  Validate, clean, all renditions: {pipeline} MB")
    print(f"  Ratio: {pipeline / decode:.1f}x the baseline")


def median_seconds(action, repeat):
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def main():
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--peak", nargs=2, help=argparse.SUPPRESS)  # stage, PNG: one measure
    args = parser.parse_args()
    if args.peak:
        return run_stage(*args.peak)

    with tempfile.TemporaryDirectory() as media:
        os.environ["MEDIA_ROOT"] = media
        import django

        django.setup()
        from django.conf import settings
        from django.core.files.storage import default_storage
        from django.core.files.uploadedfile import SimpleUploadedFile
        from PIL import Image

        from articles import images

        data = photo_24mp()
        print(
            f"Source: 6000x4000 JPEG, {len(data) / 1e6:.1f} MB; "
            f"widths {settings.NEWSROOM_IMAGE_WIDTHS} in JPEG and WebP; "
            f"crops {', '.join(settings.NEWSROOM_IMAGE_CROPS)}"
        )

        def pillow_once():
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                image.save(io.BytesIO(), "JPEG", quality=90)

        stages = {"validate": [], "clean": [], "renditions": []}

        def timed(stage, action):
            start = time.perf_counter()
            result = action()
            stages[stage].append(time.perf_counter() - start)
            return result

        def pipeline():
            upload = SimpleUploadedFile("photo.jpg", data)
            timed("validate", lambda: images.validate_image(upload))
            cleaned = timed("clean", lambda: images.cleaned_original(upload))
            stored = SimpleNamespace(
                name=default_storage.save("bench/photo.jpg", cleaned), storage=default_storage
            )
            manifest = timed("renditions", lambda: images.make_renditions(stored))
            images.delete_files(default_storage, stored.name, manifest)

        baseline = median_seconds(pillow_once, args.repeat)
        full = median_seconds(pipeline, args.repeat)
        print(f"Pillow decode + re-encode once: {baseline:.2f} s")
        print(f"Validate, clean, all renditions: {full:.2f} s")
        for stage, timings in stages.items():
            print(f"  {stage}: {statistics.median(timings):.2f} s")
        print(f"Ratio: {full / baseline:.1f}x the baseline")
        memory(media)


if __name__ == "__main__":
    main()
