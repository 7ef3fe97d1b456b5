"""The image form of the Wagtail admin (WAGTAILIMAGES_IMAGE_FORM_BASE).

Wagtail refuses unknown formats, files over WAGTAILIMAGES_MAX_UPLOAD_SIZE and
images over WAGTAILIMAGES_MAX_IMAGE_PIXELS. Two gaps remain, closed here:
it decodes the whole image before counting its pixels, so a small file that
expands to a huge picture is decompressed first; and a file whose header
looks right but whose data is cut short or damaged ends in a server error.
JPEG and PNG files are also stored without their metadata (EXIF, text chunks):
a phone photo's EXIF says where it was taken, and any metadata may carry text
(a script) that the original file would hand out as it came.
The single and the multiple uploader both build their form from this base.
"""

import io

from PIL import Image as PILImage
from PIL import ImageOps

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext_lazy as _

from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

UNREADABLE_IMAGE_MESSAGE = _(
    "This image file is damaged or incomplete, so it cannot be used. "
    "Open it in a photo app, save it again as JPEG or PNG and upload the new file."
)
# What Pillow raises while reading a file whose data does not match its header.
DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError)
EXIF_ORIENTATION = 0x0112
KEPT_INFO = ("icc_profile", "transparency", "dpi")


class CheckedImageField(WagtailImageField):
    """Wagtail's image field that counts pixels from the header, before decoding."""

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
            with PILImage.open(data) as image:  # reads the header only
                width, height = image.size
        except (*DECODE_ERRORS, PILImage.DecompressionBombError):
            return  # not an image Pillow knows, or a bomb it refuses itself: Wagtail says so
        finally:
            data.seek(0)
        if width * height > self.max_image_pixels:
            raise ValidationError(
                self.error_messages["file_too_many_pixels"]
                % {"num_pixels": width * height, "max_pixels_count": self.max_image_pixels},
                code="file_too_many_pixels",
            )


def without_metadata(upload):
    """The uploaded JPEG or PNG saved again with its pixels only (turned upright as its EXIF
    said); other formats as they came. Renditions never carry metadata either way."""
    upload.seek(0)
    with PILImage.open(upload) as image:
        image_format = image.format
        if image_format not in ("JPEG", "PNG"):
            upload.seek(0)
            return upload
        turned = image.getexif().get(EXIF_ORIENTATION, 1) != 1
        upright = ImageOps.exif_transpose(image) if turned else image
        # Pillow writes back what `info` holds (comments, XMP, text): keep the colours only.
        upright.info = {key: image.info[key] for key in KEPT_INFO if key in image.info}
        pixels = io.BytesIO()
        if image_format == "JPEG":
            # Pixels left as they were keep the file's own compression: the photo loses nothing.
            upright.save(pixels, format="JPEG", quality=90 if turned else "keep")
        else:
            upright.save(pixels, format="PNG")
    stripped = SimpleUploadedFile(upload.name, pixels.getvalue(), upload.content_type)
    stripped.image = getattr(upload, "image", None)
    return stripped


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
