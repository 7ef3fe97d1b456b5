"""The image form of the Wagtail admin (WAGTAILIMAGES_IMAGE_FORM_BASE).

Wagtail refuses unknown formats, files over WAGTAILIMAGES_MAX_UPLOAD_SIZE and
images over WAGTAILIMAGES_MAX_IMAGE_PIXELS. Two gaps remain, closed here:
it decodes the whole image before counting its pixels, so a small file that
expands to a huge picture is decompressed first; and a file whose header
looks right but whose data is cut short or damaged ends in a server error.
The single and the multiple uploader both build their form from this base.
"""

from PIL import Image as PILImage

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

UNREADABLE_IMAGE_MESSAGE = _(
    "This image file is damaged or incomplete, so it cannot be used. "
    "Open it in a photo app, save it again as JPEG or PNG and upload the new file."
)
# What Pillow raises while reading a file whose data does not match its header.
DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError)


class CheckedImageField(WagtailImageField):
    """Wagtail's image field that counts pixels from the header, before decoding."""

    def to_python(self, data):
        self.check_header_pixels(data)
        try:
            # Wagtail decodes the whole image to measure it (through Willow and Pillow).
            return super().to_python(data)
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
