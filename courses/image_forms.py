"""The image form of the Wagtail admin (WAGTAILIMAGES_IMAGE_FORM_BASE).

Wagtail refuses unknown formats, files over WAGTAILIMAGES_MAX_UPLOAD_SIZE and
images over WAGTAILIMAGES_MAX_IMAGE_PIXELS. Two gaps remain, closed here:
it decodes the whole image before counting its pixels, so a small file that
expands to a huge picture is decompressed first; and a file whose header
looks right but whose data is cut short or damaged ends in a server error.
JPEG, PNG, GIF and WebP files are also stored without their metadata (EXIF, XMP,
comments, text chunks):
a phone photo's EXIF says where it was taken, and any metadata may carry text
(a script) that the original file would hand out as it came.
The single and the multiple uploader both build their form from this base.
"""

import io
import struct

from PIL import Image as PILImage
from PIL import ImageOps, ImageSequence

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext_lazy as _

from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

UNREADABLE_IMAGE_MESSAGE = _(
    "This image file is damaged or incomplete, so it cannot be used. "
    "Open it in a photo app, save it again as JPEG or PNG and upload the new file."
)
NOT_AN_IMAGE_MESSAGE = _(
    "This file is not an image, or it is damaged. Upload a screenshot or a photo (JPEG or PNG)."
)
TOO_MANY_PIXELS_MESSAGE = _(
    "This image is %(width)s × %(height)s pixels (%(pixels)s in all); the largest allowed is "
    "%(max_pixels)s pixels. Make it smaller (a screenshot or a phone photo is) and upload it again."
)
# What Pillow raises while reading a file whose data does not match its header.
DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError)
EXIF_ORIENTATION = 0x0112
KEPT_INFO = ("icc_profile", "transparency", "dpi")


class CheckedImageField(WagtailImageField):
    """Wagtail's image field that counts pixels from the header, before decoding."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Trainees read these too (a milestone's screenshot): in our catalogue, so Tibetan
        # readers get Tibetan rather than Django's and Wagtail's Chinese.
        self.error_messages["invalid_image"] = NOT_AN_IMAGE_MESSAGE
        self.error_messages["invalid_image_extension"] = _(
            "This kind of file cannot be used as an image. Upload a JPEG, PNG, GIF or WebP "
            "image (supported: %(supported_formats)s)."
        ) % {"supported_formats": self.supported_formats_text}

    def to_python(self, data):
        self.check_header_pixels(data)
        try:
            # Wagtail decodes the whole image to measure it (through Willow and Pillow).
            checked = super().to_python(data)
            return without_metadata(checked) if checked else checked
        except DECODE_ERRORS as error:
            raise ValidationError(UNREADABLE_IMAGE_MESSAGE, code="unreadable_image") from error

    def check_header_pixels(self, data) -> None:
        if self.max_image_pixels is None or not hasattr(data, "read"):
            return
        try:
            size = header_size(data)
        finally:
            data.seek(0)
        if size is None:
            return  # not an image Pillow knows: Wagtail says so
        width, height = size
        if width * height > self.max_image_pixels:
            raise ValidationError(
                TOO_MANY_PIXELS_MESSAGE
                % {
                    "width": width,
                    "height": height,
                    "pixels": width * height,
                    "max_pixels": self.max_image_pixels,
                },
                code="file_too_many_pixels",
            )


def header_size(data) -> tuple[int, int] | None:
    """Width and height read from the file's header, whatever their product; None when no
    format Pillow knows reads it. `PIL.Image.open` refuses a header over twice Pillow's own
    limit (a "decompression bomb") without saying its size; its format readers, which it
    calls first, read the header alone, so they are asked directly then."""
    try:
        with PILImage.open(data) as image:
            return image.size
    except DECODE_ERRORS:
        return None
    except PILImage.DecompressionBombError:
        pass
    data.seek(0)
    prefix = data.read(16)
    PILImage.init()
    for format_id in PILImage.ID:
        read_header, accepts = PILImage.OPEN[format_id]
        accepted = accepts(prefix) if accepts else True
        if not accepted or isinstance(accepted, str):
            continue
        data.seek(0)
        try:
            return read_header(data, "").size
        except (*DECODE_ERRORS, IndexError, TypeError, struct.error):
            continue
    return None


def without_metadata(upload):
    """The uploaded image saved again with its pixels only: turned upright as its EXIF said
    (JPEG), every frame with its duration (animated GIF and WebP). Renditions never carry
    metadata either way."""
    upload.seek(0)
    with PILImage.open(upload) as image:
        image_format = image.format
        if image_format not in SAVE_OPTIONS:
            upload.seek(0)
            return upload
        options = SAVE_OPTIONS[image_format](image, upload)
        pixels = io.BytesIO()
        if getattr(image, "is_animated", False):
            frames = [_pixels_only(frame.copy(), image) for frame in ImageSequence.Iterator(image)]
            frames[0].save(
                pixels,
                format=image_format,
                save_all=True,
                append_images=frames[1:],
                duration=[frame.info.get("duration", 100) for frame in frames],
                loop=image.info.get("loop", 0),
                **options,
            )
        else:
            turned = image.getexif().get(EXIF_ORIENTATION, 1) != 1
            upright = ImageOps.exif_transpose(image) if turned else image
            if turned and image_format == "JPEG":
                options["quality"] = 90  # turned pixels are encoded anew
            _pixels_only(upright, image).save(pixels, format=image_format, **options)
    stripped = SimpleUploadedFile(upload.name, pixels.getvalue(), upload.content_type)
    stripped.image = getattr(upload, "image", None)
    return stripped


def _pixels_only(frame, image):
    """Pillow writes back what `info` holds (comments, EXIF, XMP, text): keep the colours and
    the timing only."""
    frame.info = {key: image.info[key] for key in KEPT_INFO if key in image.info} | {
        key: frame.info[key] for key in ("duration",) if key in frame.info
    }
    return frame


def _webp_options(image, upload) -> dict:
    """A lossless WebP (a VP8L bitstream) stays lossless; a lossy one is encoded again at a
    high quality."""
    upload.seek(0)
    return {"lossless": True} if b"VP8L" in upload.read() else {"quality": 90}


# Per format, how to save it again so that it loses nothing it showed: JPEG keeps its own
# compression, PNG and GIF are lossless.
SAVE_OPTIONS = {
    "JPEG": lambda image, upload: {"quality": "keep"},
    "PNG": lambda image, upload: {},
    "GIF": lambda image, upload: {},
    "WEBP": _webp_options,
}


class CheckedImageForm(BaseImageForm):
    """Wagtail's image form with `CheckedImageField` for the file."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            # Built per form, like Wagtail's own field, so the size and pixel
            # limits are read from the settings at request time.
            wagtail_field = self.fields["file"]
            self.fields["file"] = CheckedImageField(
                label=wagtail_field.label, widget=wagtail_field.widget
            )
