"""Images uploaded through the real Wagtail admin: bad files are refused, with a message.

Editors use the multiple uploader by default and the single "add image" form
sometimes; both are tested. The admin speaks English to this editor so the
messages can be read in the assertions.
"""

import io
import struct
import zlib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image as PILImage
from PIL import ImageFile, ImageSequence, PngImagePlugin

from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from wagtail.images.models import Image
from wagtail.models import Collection, UploadedFile

from courses.factories import ImageFactory, picture_file
from courses.image_forms import UNREADABLE_IMAGE_MESSAGE


def in_english(message) -> str:
    """A translatable message as this editor reads it: the admin speaks English to them."""
    with translation.override("en"):
        return str(message)


NOT_AN_IMAGE = (
    "This file is not an image, or it is damaged. Upload a screenshot or a photo (JPEG or PNG)."
)


def jpeg_bytes(**kwargs) -> bytes:
    return picture_file(**kwargs).read()


def photo_as(image_format: str) -> bytes:
    buffer = io.BytesIO()
    PILImage.open(picture_file(width=320, height=180)).save(buffer, format=image_format)
    return buffer.getvalue()


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def black_and_white_png(width: int, height: int) -> bytes:
    """A real 1-bit PNG, compressed row by row: small on disk, `width * height` pixels inside."""
    compressor = zlib.compressobj(9)
    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte, then 8 pixels a byte
    pixels = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", pixels)
        + png_chunk(b"IEND", b"")
    )


def file_error_shown(html: str) -> str:
    """The error the admin form shows under its file field."""
    errors = BeautifulSoup(html, "html.parser").select('[data-contentpath="file"] .error-message')
    return " ".join(error.get_text(strip=True) for error in errors)


def stored_files(folder: str = "") -> list[Path]:
    media = Path(django_settings.MEDIA_ROOT) / folder
    return [path for path in media.rglob("*") if path.is_file()] if media.exists() else []


def assert_nothing_stored():
    assert Image.objects.count() == 0
    assert UploadedFile.objects.count() == 0
    assert stored_files() == []


@pytest.fixture(params=["add", "add_multiple"])
def upload(request, editor):
    """Upload one file through an admin uploader; the error it shows, or None when stored."""

    def upload_file(name: str, data: bytes) -> str | None:
        file = SimpleUploadedFile(name, data)
        if request.param == "add":
            response = editor.post(reverse("wagtailimages:add"), {"title": "Photo", "file": file})
            if response.status_code == 302:
                return None
            assert response.status_code == 200
            return file_error_shown(response.content.decode())
        response = editor.post(reverse("wagtailimages:add_multiple"), {"files[]": file})
        assert response.status_code == 200
        answer = response.json()
        return None if answer["success"] else answer["error_message"]

    return upload_file


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "image_format"),
    [("photo.jpg", "JPEG"), ("photo.png", "PNG"), ("photo.webp", "WEBP"), ("photo.gif", "GIF")],
)
def test_a_real_photo_is_stored(upload, name, image_format):
    assert upload(name, photo_as(image_format)) is None

    image = Image.objects.get()
    assert (image.width, image.height) == (320, 180)
    assert len(stored_files()) == 1


@pytest.mark.django_db
def test_a_text_file_named_like_a_photo_is_refused(upload):
    message = upload("photo.jpg", b"Order list: 3 kg matsutake, 2 kg yak jerky\n")

    assert message == NOT_AN_IMAGE
    assert_nothing_stored()


@pytest.mark.django_db
def test_a_file_over_the_upload_limit_is_refused(upload, settings):
    photo = jpeg_bytes()
    assert len(photo) > 20_000
    # Lowered after import: the limit is read when the form is built, per request.
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 20_000

    message = upload("photo.jpg", photo)

    assert message.startswith("This file is too big (")
    assert "Maximum filesize 19.5\xa0KB." in message
    assert_nothing_stored()


@pytest.mark.django_db
def test_a_decompression_bomb_is_refused(upload):
    bomb = black_and_white_png(30_000, 30_000)  # 900 million pixels in a small file
    assert len(bomb) < 200_000

    message = upload("bomb.png", bomb)

    # Over twice Pillow's own limit: Pillow will not open it, and Wagtail alone says
    # "unknown number"; the header still tells the size.
    assert message == (
        "This image is 30000 × 30000 pixels (900000000 in all); the largest allowed is "
        f"{django_settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS} pixels. Make it smaller (a screenshot "
        "or a phone photo is) and upload it again."
    )
    assert_nothing_stored()


@pytest.mark.django_db
def test_pixels_over_the_limit_are_refused_before_the_image_is_decoded(upload, monkeypatch):
    decoded = []
    real_load = ImageFile.ImageFile.load

    def spy_load(image):
        decoded.append(image.size)
        return real_load(image)

    monkeypatch.setattr(ImageFile.ImageFile, "load", spy_load)
    # Under Pillow's own bomb limit, over ours: Wagtail alone would decode it first.
    large = black_and_white_png(8_000, 8_000)

    message = upload("large.png", large)

    assert message == (
        "This image is 8000 × 8000 pixels (64000000 in all); the largest allowed is "
        f"{django_settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS} pixels. Make it smaller (a screenshot "
        "or a phone photo is) and upload it again."
    )
    assert decoded == []
    assert_nothing_stored()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "broken"),
    [
        ("photo.jpg", lambda data: data[: len(data) // 2]),
        ("photo.png", lambda data: data[: len(data) // 2]),
        ("photo.png", lambda data: data[:300] + bytes([data[300] ^ 0xFF]) + data[301:]),
    ],
    ids=["jpeg-cut-short", "png-cut-short", "png-damaged-byte"],
)
def test_an_image_with_a_good_header_and_broken_data_is_refused(upload, name, broken):
    data = broken(photo_as("JPEG" if name.endswith(".jpg") else "PNG"))
    with PILImage.open(io.BytesIO(data)) as image:  # the header still reads as a photo
        assert image.size == (320, 180)

    message = upload(name, data)

    assert message == in_english(UNREADABLE_IMAGE_MESSAGE)
    assert_nothing_stored()


@pytest.mark.django_db
def test_replacing_an_image_with_a_broken_file_keeps_the_old_one(editor):
    image = ImageFactory(title="松茸")
    old_name = image.file.name
    broken = jpeg_bytes()[:5_000]

    response = editor.post(
        reverse("wagtailimages:edit", args=[image.id]),
        {
            "title": "松茸",
            "file": SimpleUploadedFile("new.jpg", broken),
            "collection": Collection.get_first_root_node().id,
        },
    )

    assert response.status_code == 200
    assert file_error_shown(response.content.decode()) == in_english(UNREADABLE_IMAGE_MESSAGE)
    image.refresh_from_db()
    assert image.file.name == old_name
    assert [path.name for path in stored_files("original_images")] == [Path(old_name).name]


SCRIPT = "<script>window.__pwned=1</script>"
SVG_WITH_SCRIPT = (
    b'<svg xmlns="http://www.w3.org/2000/svg" onload="window.__pwned=1">'
    b"<script>alert(1)</script></svg>"
)


def photo_with_metadata(image_format: str, orientation: int = 1) -> bytes:
    """A photo whose metadata carries a script and the place it was taken (EXIF GPS); for PNG
    text chunks with the script, for GIF a comment."""
    photo = PILImage.open(picture_file(width=320, height=180))
    buffer = io.BytesIO()
    exif = photo.getexif()
    exif[0x010E] = SCRIPT  # ImageDescription
    exif[0x0112] = orientation
    exif.get_ifd(0x8825)[2] = (30.0, 0.0, 0.0)  # GPS latitude
    if image_format == "JPEG":
        photo.save(buffer, format="JPEG", exif=exif.tobytes(), comment=SCRIPT.encode())
    elif image_format == "WEBP":
        photo.save(buffer, format="WEBP", exif=exif.tobytes(), xmp=SCRIPT.encode())
    elif image_format == "GIF":
        photo.save(buffer, format="GIF", comment=SCRIPT.encode())
    else:
        text = PngImagePlugin.PngInfo()
        text.add_text("Comment", SCRIPT)
        text.add_itxt("XML:com.adobe.xmp", SCRIPT)
        photo.save(buffer, format="PNG", pnginfo=text)
    return buffer.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "image_format"),
    [("photo.jpg", "JPEG"), ("photo.png", "PNG"), ("photo.webp", "WEBP"), ("photo.gif", "GIF")],
)
def test_metadata_carrying_a_script_or_a_place_is_not_stored(upload, name, image_format):
    assert upload(name, photo_with_metadata(image_format)) is None

    image = Image.objects.get()
    stored = image.file.read()
    assert SCRIPT.encode() not in stored
    with PILImage.open(io.BytesIO(stored)) as kept:
        assert kept.size == (320, 180)
        assert kept.format == image_format
        assert not kept.getexif()
        assert not {"Comment", "comment", "xmp", "exif"} & set(kept.info)
    assert (image.width, image.height) == (320, 180)
    assert image.file_size == len(stored)


def animation(image_format: str) -> bytes:
    """Three frames (red, green, blue) shown 100, 200 and 300 ms, with a script in a comment
    (GIF) or in XMP (WebP)."""
    frames = [PILImage.new("RGB", (64, 36), colour) for colour in ("red", "green", "blue")]
    buffer = io.BytesIO()
    metadata = {"comment": SCRIPT.encode()} if image_format == "GIF" else {"xmp": SCRIPT}
    frames[0].save(
        buffer,
        format=image_format,
        save_all=True,
        append_images=frames[1:],
        duration=[100, 200, 300],
        loop=0,
        **metadata,
    )
    return buffer.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "image_format"), [("a.gif", "GIF"), ("a.webp", "WEBP")])
def test_an_animation_keeps_its_frames_and_timing_without_its_metadata(upload, name, image_format):
    assert upload(name, animation(image_format)) is None

    stored = Image.objects.get().file.read()
    assert SCRIPT.encode() not in stored
    with PILImage.open(io.BytesIO(stored)) as kept:
        frames = [
            (frame.convert("RGB").getpixel((10, 10)), frame.info["duration"])
            for frame in ImageSequence.Iterator(kept)
        ]
    assert [duration for _colour, duration in frames] == [100, 200, 300]
    # A lossy WebP is encoded again, so its colours may move by a step or two.
    expected = [(255, 0, 0), (0, 128, 0), (0, 0, 255)]
    for (colour, _duration), wanted in zip(frames, expected, strict=True):
        assert max(abs(a - b) for a, b in zip(colour, wanted, strict=True)) <= 4


@pytest.mark.django_db
def test_a_photo_taken_sideways_is_stored_upright_without_its_exif(upload):
    # Orientation 6: the camera was turned; viewers rotate it a quarter turn to show it.
    assert upload("photo.jpg", photo_with_metadata("JPEG", orientation=6)) is None

    image = Image.objects.get()
    with PILImage.open(image.file) as kept:
        assert kept.size == (180, 320)
        assert not kept.getexif()
    assert (image.width, image.height) == (180, 320)


@pytest.mark.django_db
def test_an_svg_with_a_script_is_refused(upload):
    message = upload("logo.svg", SVG_WITH_SCRIPT)

    assert message.startswith("This kind of file cannot be used as an image.")
    assert_nothing_stored()


@pytest.mark.django_db
def test_an_svg_named_like_a_photo_is_refused(upload):
    message = upload("photo.png", SVG_WITH_SCRIPT)

    assert message == "Not a valid .png image. The extension does not match the file format (svg)"
    assert_nothing_stored()
